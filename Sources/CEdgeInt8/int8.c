#include "CEdgeInt8.h"

#include <string.h>

/* ---- Portable parts (plain C: run on any CPU) ---------------------------------------------- */

/* Expansion through one padded input row: each expanded row of a pixel is then a contiguous
 * run of the padded row (stride 1, dilation 1; the bytes past kernelWidth * channels meet zero
 * weights, so whatever follows in the padded row may be copied along). Generic loop otherwise. */
#define EDGE_ROW_BYTES 8192

#define EDGE_EXPAND(NAME, T, CONVERT, PAD)                                                                   \
    void NAME(const EdgeQ8Expand *e, const int8_t *input, T *out) {                                          \
        const T pad = (PAD);                                                                                 \
        const int64_t channels = e->channels, used = e->kernelWidth * channels, length = e->rowLength;       \
        const int64_t positions = (e->outWidth - 1) * e->strideWidth + (e->kernelWidth - 1) * e->dilationWidth + 1; \
        const int64_t rowCount = positions * channels + length;                                              \
        if (e->dilationWidth == 1 && rowCount * (int64_t)sizeof(T) <= EDGE_ROW_BYTES) {                      \
            T row[EDGE_ROW_BYTES / sizeof(T)];                                                               \
            const int64_t step = e->strideWidth * channels;                                                  \
            /* Input columns [first, last) land in the padded row; the rest is padding. */          \
            const int64_t first = e->padLeft < positions ? e->padLeft : positions;                           \
            int64_t last = e->padLeft + e->inWidth;                                                          \
            last = last < positions ? last : positions;                                                      \
            last = last > first ? last : first;                                                              \
            const int contiguous = (e->channelStride == 1 && e->columnStride == channels)                    \
                || (channels == 1 && e->columnStride == 1);                                                  \
            for (int64_t y = 0; y < e->rows; y++) {                                                          \
                const int64_t iy = y - e->padTop;                                                            \
                if (iy < 0 || iy >= e->inHeight) {                                                           \
                    for (int64_t j = 0; j < positions * channels; j++) row[j] = pad;                         \
                } else {                                                                                     \
                    for (int64_t j = 0; j < first * channels; j++) row[j] = pad;                             \
                    for (int64_t j = last * channels; j < positions * channels; j++) row[j] = pad;           \
                    const int8_t *src = input + iy * e->rowStride + (first - e->padLeft) * e->columnStride;  \
                    T *d = row + first * channels;                                                           \
                    if (contiguous) {                                                                        \
                        const int64_t n = (last - first) * channels;                                         \
                        for (int64_t j = 0; j < n; j++) d[j] = CONVERT(src[j]);                              \
                    } else {                                                                                 \
                        for (int64_t x = 0; x < last - first; x++) {                                         \
                            for (int64_t c = 0; c < channels; c++)                                           \
                                d[x * channels + c] = CONVERT(src[x * e->columnStride + c * e->channelStride]); \
                        }                                                                                    \
                    }                                                                                        \
                }                                                                                            \
                for (int64_t j = positions * channels; j < rowCount; j++) row[j] = 0;                        \
                T *o = out + y * e->outWidth * length;                                                       \
                const size_t bytes = (size_t)length * sizeof(T);                                             \
                if (bytes == 4) {                                                                            \
                    for (int64_t ox = 0; ox < e->outWidth; ox++) memcpy(o + ox * length, row + ox * step, 4); \
                } else if (bytes == 8) {                                                                     \
                    for (int64_t ox = 0; ox < e->outWidth; ox++) memcpy(o + ox * length, row + ox * step, 8); \
                } else {                                                                                     \
                    for (int64_t ox = 0; ox < e->outWidth; ox++) memcpy(o + ox * length, row + ox * step, bytes); \
                }                                                                                            \
            }                                                                                                \
            return;                                                                                          \
        }                                                                                                    \
        for (int64_t y = 0; y < e->rows; y++) {                                                              \
            const int64_t iy = y - e->padTop;                                                                \
            const int inside = iy >= 0 && iy < e->inHeight;                                                  \
            for (int64_t ox = 0; ox < e->outWidth; ox++) {                                                   \
                T *d = out + (y * e->outWidth + ox) * length;                                                \
                for (int64_t kx = 0; kx < e->kernelWidth; kx++) {                                            \
                    const int64_t ix = ox * e->strideWidth + kx * e->dilationWidth - e->padLeft;             \
                    T *dd = d + kx * channels;                                                               \
                    if (!inside || ix < 0 || ix >= e->inWidth) {                                             \
                        for (int64_t c = 0; c < channels; c++) dd[c] = pad;                                  \
                    } else {                                                                                 \
                        const int8_t *src = input + iy * e->rowStride + ix * e->columnStride;                \
                        for (int64_t c = 0; c < channels; c++) dd[c] = CONVERT(src[c * e->channelStride]);   \
                    }                                                                                        \
                }                                                                                            \
                for (int64_t j = used; j < length; j++) d[j] = 0;                                            \
            }                                                                                                \
        }                                                                                                    \
    }

#define EDGE_TO_U8(v) ((uint8_t)((uint8_t)(v) ^ 0x80))
#define EDGE_TO_I16(v) ((int16_t)(v))
EDGE_EXPAND(edge_q8_expand_u8, uint8_t, EDGE_TO_U8, (uint8_t)(e->padValue + 128))
EDGE_EXPAND(edge_q8_expand_i16, int16_t, EDGE_TO_I16, (int16_t)e->padValue)

void edge_q8_requantize(int64_t count, const int32_t *acc, const int32_t *multiplier, const int32_t *shift,
                        int32_t zeroPoint, int32_t lower, int32_t upper, int8_t *out) {
    for (int64_t i = 0; i < count; i++) {
        const int64_t product = (int64_t)acc[i] * (int64_t)multiplier[i];
        const int64_t right = 31 - (int64_t)shift[i];
        int64_t scaled;
        if (right <= 0) {
            scaled = -right >= 64 ? 0 : (int64_t)((uint64_t)product << -right);
        } else if (right >= 63) {
            scaled = 0;
        } else {
            scaled = (product + ((int64_t)1 << (right - 1))) >> right;
        }
        int64_t value = scaled + zeroPoint;
        value = value < lower ? lower : value;
        value = value > upper ? upper : value;
        out[i] = (int8_t)value;
    }
}

/* Winograd scratch: the padded int16 input [2 tilesY + 2][2 tilesX + 2][C16] and the transformed
 * input V [tile][16][C16], C16 = channels rounded up to 16. */
static int64_t edge_wino_c16(const EdgeQ8Winograd *p) { return (p->channels + 15) / 16 * 16; }
static int64_t edge_wino_padded_elements(const EdgeQ8Winograd *p) {
    return (2 * p->tilesY + 2) * (2 * p->tilesX + 2) * edge_wino_c16(p);
}

int64_t edge_q8_winograd_scratch(const EdgeQ8Winograd *p) {
    const int64_t elements = edge_wino_padded_elements(p) + p->tilesY * p->tilesX * 16 * edge_wino_c16(p);
    return (elements * 2 + 63) / 64 * 64;
}

#if defined(__x86_64__)
#include <immintrin.h>

#define EDGE_VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,avx512vnni,avx2,fma")))
#define EDGE_AVX2 __attribute__((target("avx2,fma")))
#define EDGE_INLINE static inline __attribute__((always_inline))

static inline int32_t edge_load4(const void *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* ---- AVX-512 VNNI ------------------------------------------------------------------------------ */

/* Requantizes 16 channels' accumulators (block `block`); returns int32 values in [lower, upper]. */
EDGE_INLINE EDGE_VNNI __m512i edge_vnni_requant(__m512i acc, const EdgeQ8Conv *p, int64_t block) {
    const __m512i m = _mm512_loadu_si512(p->multiplier + block * 16);
    const int64_t *s = p->shifts + block * 32;
    __m512i pe = _mm512_mul_epi32(acc, m);
    __m512i po = _mm512_mul_epi32(_mm512_srli_epi64(acc, 32), _mm512_srli_epi64(m, 32));
    pe = _mm512_srav_epi64(_mm512_add_epi64(pe, _mm512_loadu_si512(s + 16)), _mm512_loadu_si512(s));
    po = _mm512_srav_epi64(_mm512_add_epi64(po, _mm512_loadu_si512(s + 24)), _mm512_loadu_si512(s + 8));
    __m512i v = _mm512_mask_blend_epi32(0xAAAA, pe, _mm512_slli_epi64(po, 32));
    /* |scaled| < 2^31 for right >= 31; narrowing it to +-2^16 first keeps the zero-point add
     * from overflowing without changing the clamped result. */
    v = _mm512_max_epi32(_mm512_min_epi32(v, _mm512_set1_epi32(65536)), _mm512_set1_epi32(-65536));
    v = _mm512_add_epi32(v, _mm512_set1_epi32(p->zeroPoint));
    v = _mm512_max_epi32(_mm512_min_epi32(v, _mm512_set1_epi32(p->upper)), _mm512_set1_epi32(p->lower));
    return v;
}

EDGE_INLINE EDGE_VNNI void edge_vnni_store(__m512i v, int64_t valid, int8_t *dst, int64_t stride) {
    const __m128i b = _mm512_cvtepi32_epi8(v);
    if (stride == 1) {
        if (valid >= 16) {
            _mm_storeu_si128((__m128i *)dst, b);
        } else {
            _mm_mask_storeu_epi8(dst, (__mmask16)((1u << valid) - 1), b);
        }
    } else {
        int8_t tmp[16];
        _mm_storeu_si128((__m128i *)tmp, b);
        for (int64_t i = 0; i < valid; i++) dst[i * stride] = tmp[i];
    }
}

/* One window of four pixels x NB blocks of 16 channels starting at block0: 4*NB accumulators. */
EDGE_INLINE EDGE_VNNI void edge_vnni_window(const int NB, const EdgeQ8Conv *p, const uint8_t *x, int64_t w,
                                            int64_t block0, int8_t *out) {
    const int32_t *pb = p->pixelBase + w * 4;
    const uint8_t *b0 = x + pb[0], *b1 = x + pb[1], *b2 = x + pb[2], *b3 = x + pb[3];
    __m512i acc[4][4];
    for (int j = 0; j < NB; j++) {
        acc[0][j] = _mm512_setzero_si512();
        acc[1][j] = _mm512_setzero_si512();
        acc[2][j] = _mm512_setzero_si512();
        acc[3][j] = _mm512_setzero_si512();
    }
    const int8_t *wt = (const int8_t *)p->weights + block0 * 64;
    const int64_t wstride = p->paddedChannels * 4;
    const int32_t *offsets = p->groupOffsets;
    for (int64_t g = 0; g < p->groups; g++) {
        const int64_t off = offsets[g];
        const int8_t *wg = wt + g * wstride;
        __m512i wv[4];
        for (int j = 0; j < NB; j++) wv[j] = _mm512_loadu_si512(wg + 64 * j);
        const __m512i a0 = _mm512_set1_epi32(edge_load4(b0 + off));
        const __m512i a1 = _mm512_set1_epi32(edge_load4(b1 + off));
        const __m512i a2 = _mm512_set1_epi32(edge_load4(b2 + off));
        const __m512i a3 = _mm512_set1_epi32(edge_load4(b3 + off));
        for (int j = 0; j < NB; j++) {
            acc[0][j] = _mm512_dpbusd_epi32(acc[0][j], a0, wv[j]);
            acc[1][j] = _mm512_dpbusd_epi32(acc[1][j], a1, wv[j]);
            acc[2][j] = _mm512_dpbusd_epi32(acc[2][j], a2, wv[j]);
            acc[3][j] = _mm512_dpbusd_epi32(acc[3][j], a3, wv[j]);
        }
    }
    for (int j = 0; j < NB; j++) {
        const int64_t block = block0 + j;
        const __m512i bias = _mm512_loadu_si512(p->biasAdjusted + block * 16);
        int64_t valid = p->outChannels - block * 16;
        valid = valid > 16 ? 16 : valid;
        const int64_t stride = p->outChannelStride;
        if (p->pool) {
            __m512i v = _mm512_max_epi32(_mm512_max_epi32(acc[0][j], acc[1][j]),
                                         _mm512_max_epi32(acc[2][j], acc[3][j]));
            v = edge_vnni_requant(_mm512_add_epi32(v, bias), p, block);
            edge_vnni_store(v, valid, out + p->outOffset[w] + block * 16 * stride, stride);
        } else {
            for (int q = 0; q < 4; q++) {
                const int64_t pixel = w * 4 + q;
                if (pixel >= p->pixels) break;
                const __m512i v = edge_vnni_requant(_mm512_add_epi32(acc[q][j], bias), p, block);
                edge_vnni_store(v, valid, out + p->outOffset[pixel] + block * 16 * stride, stride);
            }
        }
    }
}

EDGE_VNNI void edge_q8_conv_vnni(const EdgeQ8Conv *p, const uint8_t *expanded, int8_t *out) {
    const int64_t blocks = p->paddedChannels / 16;
    for (int64_t w = 0; w < p->windows; w++) {
        for (int64_t b = 0; b < blocks; b += 4) {
            switch (blocks - b >= 4 ? 4 : blocks - b) {
            case 4: edge_vnni_window(4, p, expanded, w, b, out); break;
            case 3: edge_vnni_window(3, p, expanded, w, b, out); break;
            case 2: edge_vnni_window(2, p, expanded, w, b, out); break;
            default: edge_vnni_window(1, p, expanded, w, b, out); break;
            }
        }
    }
}

EDGE_VNNI void edge_q8_gemv_vnni(int64_t rows, int64_t k, const int8_t *w, int64_t ldw, const int8_t *x,
                                 const int32_t *biasAdjusted, int32_t *acc) {
    const __m512i flip = _mm512_set1_epi8((char)0x80);
    for (int64_t n = 0; n < rows; n += 4) {
        const int8_t *r0 = w + n * ldw;
        const int8_t *r1 = w + (n + 1 < rows ? n + 1 : n) * ldw;
        const int8_t *r2 = w + (n + 2 < rows ? n + 2 : n) * ldw;
        const int8_t *r3 = w + (n + 3 < rows ? n + 3 : n) * ldw;
        __m512i a0 = _mm512_setzero_si512(), a1 = _mm512_setzero_si512();
        __m512i a2 = _mm512_setzero_si512(), a3 = _mm512_setzero_si512();
        int64_t i = 0;
        for (; i + 64 <= k; i += 64) {
            const __m512i xv = _mm512_xor_si512(_mm512_loadu_si512(x + i), flip);
            a0 = _mm512_dpbusd_epi32(a0, xv, _mm512_loadu_si512(r0 + i));
            a1 = _mm512_dpbusd_epi32(a1, xv, _mm512_loadu_si512(r1 + i));
            a2 = _mm512_dpbusd_epi32(a2, xv, _mm512_loadu_si512(r2 + i));
            a3 = _mm512_dpbusd_epi32(a3, xv, _mm512_loadu_si512(r3 + i));
        }
        if (i < k) {
            /* Masked-off lanes: the weights load as 0, so whatever x' is there adds nothing. */
            const __mmask64 m = (~0ULL) >> (64 - (k - i));
            const __m512i xv = _mm512_xor_si512(_mm512_maskz_loadu_epi8(m, x + i), flip);
            a0 = _mm512_dpbusd_epi32(a0, xv, _mm512_maskz_loadu_epi8(m, r0 + i));
            a1 = _mm512_dpbusd_epi32(a1, xv, _mm512_maskz_loadu_epi8(m, r1 + i));
            a2 = _mm512_dpbusd_epi32(a2, xv, _mm512_maskz_loadu_epi8(m, r2 + i));
            a3 = _mm512_dpbusd_epi32(a3, xv, _mm512_maskz_loadu_epi8(m, r3 + i));
        }
        acc[n] = (int32_t)((uint32_t)_mm512_reduce_add_epi32(a0) + (uint32_t)biasAdjusted[n]);
        if (n + 1 < rows) acc[n + 1] = (int32_t)((uint32_t)_mm512_reduce_add_epi32(a1) + (uint32_t)biasAdjusted[n + 1]);
        if (n + 2 < rows) acc[n + 2] = (int32_t)((uint32_t)_mm512_reduce_add_epi32(a2) + (uint32_t)biasAdjusted[n + 2]);
        if (n + 3 < rows) acc[n + 3] = (int32_t)((uint32_t)_mm512_reduce_add_epi32(a3) + (uint32_t)biasAdjusted[n + 3]);
    }
}

/* ---- AVX2 (no VNNI): int16 operands, vpmaddwd ------------------------------------------------ */

/* The AVX2 requantization of 8 channels (block `block`), bit-exact with edge_q8_requantize for
 * right shifts in 31...62 without an arithmetic 64-bit shift (AVX2 has only the logical one):
 * shifts' round entries hold 2^(right-1) + 2^62, which makes every product + round positive
 * (|product| < 2^62), so the logical shift gives the rounded quotient + 2^(62-right), and
 * offset[co] = 2^(62-right) mod 2^32 is taken off in 32-bit lanes. |quotient| <= 2^31, so its
 * low 32 bits are the value, and clamp(q + zp, lower, upper) = clamp(q, lower-zp, upper-zp) + zp. */
EDGE_INLINE EDGE_AVX2 __m256i edge_avx2_requant_raw(__m256i acc, const int32_t *multiplier, const int64_t *shifts,
                                                    const int32_t *offset, int32_t zeroPoint, int32_t lower,
                                                    int32_t upper, int64_t block) {
    const __m256i m = _mm256_loadu_si256((const __m256i *)(multiplier + block * 8));
    const int64_t *s = shifts + block * 16;
    __m256i pe = _mm256_mul_epi32(acc, m);
    __m256i po = _mm256_mul_epi32(_mm256_srli_epi64(acc, 32), _mm256_srli_epi64(m, 32));
    pe = _mm256_srlv_epi64(_mm256_add_epi64(pe, _mm256_loadu_si256((const __m256i *)(s + 8))),
                           _mm256_loadu_si256((const __m256i *)s));
    po = _mm256_srlv_epi64(_mm256_add_epi64(po, _mm256_loadu_si256((const __m256i *)(s + 12))),
                           _mm256_loadu_si256((const __m256i *)(s + 4)));
    __m256i v = _mm256_blend_epi32(pe, _mm256_slli_epi64(po, 32), 0xAA);
    v = _mm256_sub_epi32(v, _mm256_loadu_si256((const __m256i *)(offset + block * 8)));
    v = _mm256_max_epi32(_mm256_min_epi32(v, _mm256_set1_epi32(upper - zeroPoint)),
                         _mm256_set1_epi32(lower - zeroPoint));
    return _mm256_add_epi32(v, _mm256_set1_epi32(zeroPoint));
}

EDGE_INLINE EDGE_AVX2 __m256i edge_avx2_requant(__m256i acc, const EdgeQ8Conv *p, int64_t block) {
    return edge_avx2_requant_raw(acc, p->multiplier, p->shifts, p->requantOffset, p->zeroPoint, p->lower, p->upper,
                                 block);
}

EDGE_INLINE EDGE_AVX2 void edge_avx2_store(__m256i v, int64_t valid, int8_t *dst, int64_t stride) {
    if (stride == 1 && valid >= 8) {
        /* 8 int32 in [-128, 127] -> 8 bytes: pack within lanes, then gather the two low dwords. */
        const __m256i w16 = _mm256_packs_epi32(v, v);
        const __m256i w8 = _mm256_packs_epi16(w16, w16);
        const __m256i both = _mm256_permutevar8x32_epi32(w8, _mm256_setr_epi32(0, 4, 0, 4, 0, 4, 0, 4));
        _mm_storel_epi64((__m128i *)dst, _mm256_castsi256_si128(both));
        return;
    }
    int32_t tmp[8];
    _mm256_storeu_si256((__m256i *)tmp, v);
    for (int64_t i = 0; i < valid; i++) dst[i * stride] = (int8_t)tmp[i];
}

EDGE_INLINE EDGE_AVX2 void edge_avx2_window(const int NB, const EdgeQ8Conv *p, const int16_t *x, int64_t w,
                                            int64_t block0, int8_t *out) {
    const int32_t *pb = p->pixelBase + w * 4;
    const int16_t *b0 = x + pb[0], *b1 = x + pb[1], *b2 = x + pb[2], *b3 = x + pb[3];
    __m256i acc[4][2];
    for (int j = 0; j < NB; j++) {
        acc[0][j] = _mm256_setzero_si256();
        acc[1][j] = _mm256_setzero_si256();
        acc[2][j] = _mm256_setzero_si256();
        acc[3][j] = _mm256_setzero_si256();
    }
    const int16_t *wt = (const int16_t *)p->weights + block0 * 16;
    const int64_t wstride = p->paddedChannels * 2;
    const int32_t *offsets = p->groupOffsets;
    for (int64_t g = 0; g < p->groups; g++) {
        const int64_t off = offsets[g];
        const int16_t *wg = wt + g * wstride;
        __m256i wv[2];
        for (int j = 0; j < NB; j++) wv[j] = _mm256_loadu_si256((const __m256i *)(wg + 16 * j));
        const __m256i a0 = _mm256_set1_epi32(edge_load4(b0 + off));
        const __m256i a1 = _mm256_set1_epi32(edge_load4(b1 + off));
        const __m256i a2 = _mm256_set1_epi32(edge_load4(b2 + off));
        const __m256i a3 = _mm256_set1_epi32(edge_load4(b3 + off));
        for (int j = 0; j < NB; j++) {
            acc[0][j] = _mm256_add_epi32(acc[0][j], _mm256_madd_epi16(a0, wv[j]));
            acc[1][j] = _mm256_add_epi32(acc[1][j], _mm256_madd_epi16(a1, wv[j]));
            acc[2][j] = _mm256_add_epi32(acc[2][j], _mm256_madd_epi16(a2, wv[j]));
            acc[3][j] = _mm256_add_epi32(acc[3][j], _mm256_madd_epi16(a3, wv[j]));
        }
    }
    for (int j = 0; j < NB; j++) {
        const int64_t block = block0 + j;
        const __m256i bias = _mm256_loadu_si256((const __m256i *)(p->biasAdjusted + block * 8));
        int64_t valid = p->outChannels - block * 8;
        valid = valid > 8 ? 8 : valid;
        const int64_t stride = p->outChannelStride;
        if (p->pool) {
            __m256i v = _mm256_max_epi32(_mm256_max_epi32(acc[0][j], acc[1][j]),
                                         _mm256_max_epi32(acc[2][j], acc[3][j]));
            v = edge_avx2_requant(_mm256_add_epi32(v, bias), p, block);
            edge_avx2_store(v, valid, out + p->outOffset[w] + block * 8 * stride, stride);
        } else {
            for (int q = 0; q < 4; q++) {
                const int64_t pixel = w * 4 + q;
                if (pixel >= p->pixels) break;
                const __m256i v = edge_avx2_requant(_mm256_add_epi32(acc[q][j], bias), p, block);
                edge_avx2_store(v, valid, out + p->outOffset[pixel] + block * 8 * stride, stride);
            }
        }
    }
}

EDGE_AVX2 void edge_q8_conv_avx2(const EdgeQ8Conv *p, const int16_t *expanded, int8_t *out) {
    const int64_t blocks = p->paddedChannels / 8;
    for (int64_t w = 0; w < p->windows; w++) {
        for (int64_t b = 0; b < blocks; b += 2) {
            if (blocks - b >= 2) {
                edge_avx2_window(2, p, expanded, w, b, out);
            } else {
                edge_avx2_window(1, p, expanded, w, b, out);
            }
        }
    }
}

/* ---- AVX2 Winograd F(2x2, 3x3) in integers ---------------------------------------------------- */

/* The padded int16 input P[py][px][C16]: input (py - padTop, px - padLeft), padValue outside it,
 * 0 in channels past `channels` (their weights are 0 too). */
static EDGE_AVX2 void edge_wino_pad(const EdgeQ8Winograd *p, const int8_t *input, int16_t *padded) {
    const int64_t c16 = edge_wino_c16(p), ph = 2 * p->tilesY + 2, pw = 2 * p->tilesX + 2, cin = p->channels;
    const int contiguous = p->channelStride == 1 && p->columnStride == cin && cin % 16 == 0;
    int16_t border[4096];
    for (int64_t c = 0; c < c16; c++) border[c] = c < cin ? (int16_t)p->padValue : 0;
    for (int64_t py = 0; py < ph; py++) {
        const int64_t iy = py - p->padTop;
        for (int64_t px = 0; px < pw; px++) {
            const int64_t ix = px - p->padLeft;
            int16_t *d = padded + (py * pw + px) * c16;
            if (iy < 0 || iy >= p->inHeight || ix < 0 || ix >= p->inWidth) {
                memcpy(d, border, (size_t)c16 * 2);
            } else if (contiguous) {
                const int8_t *s = input + iy * p->rowStride + ix * cin;
                for (int64_t c = 0; c < cin; c += 16) {
                    _mm256_storeu_si256((__m256i *)(d + c), _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(s + c))));
                }
            } else {
                const int8_t *s = input + iy * p->rowStride + ix * p->columnStride;
                for (int64_t c = 0; c < cin; c++) d[c] = s[c * p->channelStride];
                for (int64_t c = cin; c < c16; c++) d[c] = 0;
            }
        }
    }
}

/* V[tile][xi][C16] = B^T d B for every tile, 16 channels per vector. */
static EDGE_AVX2 void edge_wino_input(const EdgeQ8Winograd *p, const int16_t *padded, int16_t *v) {
    const int64_t c16 = edge_wino_c16(p), pw = 2 * p->tilesX + 2;
    for (int64_t ty = 0; ty < p->tilesY; ty++) {
        for (int64_t tx = 0; tx < p->tilesX; tx++) {
            int16_t *vt = v + (ty * p->tilesX + tx) * 16 * c16;
            const int16_t *base = padded + (2 * ty * pw + 2 * tx) * c16;
            for (int64_t c = 0; c < c16; c += 16) {
                __m256i t[4][4];
                for (int j = 0; j < 4; j++) {
                    const __m256i d0 = _mm256_loadu_si256((const __m256i *)(base + (0 * pw + j) * c16 + c));
                    const __m256i d1 = _mm256_loadu_si256((const __m256i *)(base + (1 * pw + j) * c16 + c));
                    const __m256i d2 = _mm256_loadu_si256((const __m256i *)(base + (2 * pw + j) * c16 + c));
                    const __m256i d3 = _mm256_loadu_si256((const __m256i *)(base + (3 * pw + j) * c16 + c));
                    t[0][j] = _mm256_sub_epi16(d0, d2);
                    t[1][j] = _mm256_add_epi16(d1, d2);
                    t[2][j] = _mm256_sub_epi16(d2, d1);
                    t[3][j] = _mm256_sub_epi16(d1, d3);
                }
                for (int i = 0; i < 4; i++) {
                    _mm256_storeu_si256((__m256i *)(vt + (i * 4 + 0) * c16 + c), _mm256_sub_epi16(t[i][0], t[i][2]));
                    _mm256_storeu_si256((__m256i *)(vt + (i * 4 + 1) * c16 + c), _mm256_add_epi16(t[i][1], t[i][2]));
                    _mm256_storeu_si256((__m256i *)(vt + (i * 4 + 2) * c16 + c), _mm256_sub_epi16(t[i][2], t[i][1]));
                    _mm256_storeu_si256((__m256i *)(vt + (i * 4 + 3) * c16 + c), _mm256_sub_epi16(t[i][1], t[i][3]));
                }
            }
        }
    }
}

/* Y = A^T M A of one tile for 8 channels: m[xi] at m + xi * mstride; returns 4x the sums. */
EDGE_INLINE EDGE_AVX2 void edge_wino_output(const int32_t *m, int64_t mstride, __m256i y[4]) {
    __m256i s0[4], s1[4];
    for (int j = 0; j < 4; j++) {
        const __m256i m0 = _mm256_load_si256((const __m256i *)(m + (0 * 4 + j) * mstride));
        const __m256i m1 = _mm256_load_si256((const __m256i *)(m + (1 * 4 + j) * mstride));
        const __m256i m2 = _mm256_load_si256((const __m256i *)(m + (2 * 4 + j) * mstride));
        const __m256i m3 = _mm256_load_si256((const __m256i *)(m + (3 * 4 + j) * mstride));
        s0[j] = _mm256_add_epi32(_mm256_add_epi32(m0, m1), m2);
        s1[j] = _mm256_sub_epi32(_mm256_sub_epi32(m1, m2), m3);
    }
    y[0] = _mm256_add_epi32(_mm256_add_epi32(s0[0], s0[1]), s0[2]);
    y[1] = _mm256_sub_epi32(_mm256_sub_epi32(s0[1], s0[2]), s0[3]);
    y[2] = _mm256_add_epi32(_mm256_add_epi32(s1[0], s1[1]), s1[2]);
    y[3] = _mm256_sub_epi32(_mm256_sub_epi32(s1[1], s1[2]), s1[3]);
}

EDGE_INLINE EDGE_AVX2 void edge_wino_epilogue(const EdgeQ8Winograd *p, __m256i y[4], int64_t tile, int64_t block,
                                              int8_t *out) {
    const int64_t ty = tile / p->tilesX, tx = tile % p->tilesX;
    const __m256i bias = _mm256_loadu_si256((const __m256i *)(p->biasAdjusted + block * 8));
    int64_t valid = p->outChannels - block * 8;
    valid = valid > 8 ? 8 : valid;
    const int64_t stride = p->outChannelStride;
    int8_t *o = out + block * 8 * stride;
    if (p->pool) {
        __m256i v = _mm256_max_epi32(_mm256_max_epi32(y[0], y[1]), _mm256_max_epi32(y[2], y[3]));
        v = _mm256_add_epi32(_mm256_srai_epi32(v, 2), bias);
        v = edge_avx2_requant_raw(v, p->multiplier, p->shifts, p->requantOffset, p->zeroPoint, p->lower, p->upper,
                                  block);
        edge_avx2_store(v, valid, o + (ty * p->outRowPixels + tx) * p->outPixelStride, stride);
        return;
    }
    for (int q = 0; q < 4; q++) {
        const int64_t oy = 2 * ty + q / 2, ox = 2 * tx + q % 2;
        if (oy >= p->outHeight || ox >= p->outWidth) continue;
        __m256i v = _mm256_add_epi32(_mm256_srai_epi32(y[q], 2), bias);
        v = edge_avx2_requant_raw(v, p->multiplier, p->shifts, p->requantOffset, p->zeroPoint, p->lower, p->upper,
                                  block);
        edge_avx2_store(v, valid, o + (oy * p->outRowPixels + ox) * p->outPixelStride, stride);
    }
}

/* NT tiles from tile0 x NB blocks of 8 output channels from block0: for each xi, NT * NB int32
 * accumulators over the channel pairs, kept in m[xi][NT][16]; then the output transform and
 * the epilogue. */
EDGE_INLINE EDGE_AVX2 void edge_wino_block(const int NT, const int NB, const EdgeQ8Winograd *p, const int16_t *v,
                                           int64_t tile0, int64_t block0, int8_t *out) {
    const int64_t c16 = edge_wino_c16(p), pairs = p->channelPairs, wpair = p->paddedChannels * 2;
    int32_t m[16][6][16] __attribute__((aligned(32)));
    for (int xi = 0; xi < 16; xi++) {
        __m256i acc[6][2];
        for (int t = 0; t < NT; t++) {
            acc[t][0] = _mm256_setzero_si256();
            acc[t][1] = _mm256_setzero_si256();
        }
        const int16_t *w = p->weights + xi * pairs * wpair + block0 * 16;
        const int16_t *a = v + (tile0 * 16 + xi) * c16;
        for (int64_t i = 0; i < pairs; i++) {
            const __m256i w0 = _mm256_loadu_si256((const __m256i *)(w + i * wpair));
            const __m256i w1 = NB > 1 ? _mm256_loadu_si256((const __m256i *)(w + i * wpair + 16)) : w0;
            for (int t = 0; t < NT; t++) {
                const __m256i x = _mm256_set1_epi32(edge_load4(a + t * 16 * c16 + 2 * i));
                acc[t][0] = _mm256_add_epi32(acc[t][0], _mm256_madd_epi16(x, w0));
                if (NB > 1) acc[t][1] = _mm256_add_epi32(acc[t][1], _mm256_madd_epi16(x, w1));
            }
        }
        for (int t = 0; t < NT; t++) {
            _mm256_store_si256((__m256i *)&m[xi][t][0], acc[t][0]);
            if (NB > 1) _mm256_store_si256((__m256i *)&m[xi][t][8], acc[t][1]);
        }
    }
    for (int t = 0; t < NT; t++) {
        for (int j = 0; j < NB; j++) {
            __m256i y[4];
            edge_wino_output(&m[0][t][8 * j], 6 * 16, y);
            edge_wino_epilogue(p, y, tile0 + t, block0 + j, out);
        }
    }
}

#define EDGE_WINO_TILES(NB)                                                                        \
    for (int64_t t = 0; t < tiles; t += 6) {                                                       \
        switch (tiles - t >= 6 ? 6 : tiles - t) {                                                  \
        case 6: edge_wino_block(6, NB, p, v, t, b, out); break;                                    \
        case 5: edge_wino_block(5, NB, p, v, t, b, out); break;                                    \
        case 4: edge_wino_block(4, NB, p, v, t, b, out); break;                                    \
        case 3: edge_wino_block(3, NB, p, v, t, b, out); break;                                    \
        case 2: edge_wino_block(2, NB, p, v, t, b, out); break;                                    \
        default: edge_wino_block(1, NB, p, v, t, b, out); break;                                   \
        }                                                                                          \
    }

EDGE_AVX2 void edge_q8_winograd_avx2(const EdgeQ8Winograd *p, const int8_t *input, void *scratch, int8_t *out) {
    int16_t *padded = (int16_t *)scratch;
    int16_t *v = padded + edge_wino_padded_elements(p);
    edge_wino_pad(p, input, padded);
    edge_wino_input(p, padded, v);
    const int64_t tiles = p->tilesY * p->tilesX, blocks = p->paddedChannels / 8;
    /* Output-channel pairs outer: their weights (16 xi x pairs x 16 x 2 int16) stay in L1 while
     * every tile streams by. */
    for (int64_t b = 0; b < blocks; b += 2) {
        if (blocks - b >= 2) {
            EDGE_WINO_TILES(2)
        } else {
            EDGE_WINO_TILES(1)
        }
    }
}

EDGE_INLINE EDGE_AVX2 int32_t edge_avx2_hsum(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
    return _mm_cvtsi128_si32(s);
}

EDGE_AVX2 void edge_q8_gemv_avx2(int64_t rows, int64_t k, const int8_t *w, int64_t ldw, const int8_t *x,
                                 const int32_t *biasAdjusted, int32_t *acc) {
    for (int64_t n = 0; n < rows; n += 4) {
        const int8_t *r[4];
        for (int j = 0; j < 4; j++) r[j] = w + (n + j < rows ? n + j : n) * ldw;
        __m256i a0 = _mm256_setzero_si256(), a1 = _mm256_setzero_si256();
        __m256i a2 = _mm256_setzero_si256(), a3 = _mm256_setzero_si256();
        int64_t i = 0;
        for (; i + 16 <= k; i += 16) {
            const __m256i xv = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(x + i)));
            a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(xv, _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(r[0] + i)))));
            a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(xv, _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(r[1] + i)))));
            a2 = _mm256_add_epi32(a2, _mm256_madd_epi16(xv, _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(r[2] + i)))));
            a3 = _mm256_add_epi32(a3, _mm256_madd_epi16(xv, _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(r[3] + i)))));
        }
        uint32_t t[4] = {(uint32_t)edge_avx2_hsum(a0), (uint32_t)edge_avx2_hsum(a1), (uint32_t)edge_avx2_hsum(a2),
                         (uint32_t)edge_avx2_hsum(a3)};
        for (; i < k; i++) {
            for (int j = 0; j < 4; j++) t[j] += (uint32_t)((int32_t)x[i] * (int32_t)r[j][i]);
        }
        for (int j = 0; j < 4 && n + j < rows; j++) acc[n + j] = (int32_t)(t[j] + (uint32_t)biasAdjusted[n + j]);
    }
}

EDGE_AVX2 void edge_q8_quantize_avx2(int64_t count, const float *input, float scale, int32_t zeroPoint, int8_t *out) {
    const __m256 s = _mm256_set1_ps(scale), z = _mm256_set1_ps((float)zeroPoint);
    const __m256 lo = _mm256_set1_ps(-128.0f), hi = _mm256_set1_ps(127.0f);
    int64_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256 r = _mm256_round_ps(_mm256_div_ps(_mm256_loadu_ps(input + i), s),
                                         _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        __m256 q = _mm256_add_ps(r, z);
        q = _mm256_blendv_ps(q, z, _mm256_cmp_ps(q, q, _CMP_UNORD_Q));
        q = _mm256_min_ps(_mm256_max_ps(q, lo), hi);
        int32_t tmp[8];
        _mm256_storeu_si256((__m256i *)tmp, _mm256_cvttps_epi32(q));
        for (int j = 0; j < 8; j++) out[i + j] = (int8_t)tmp[j];
    }
    for (; i < count; i++) {
        const float r = __builtin_roundevenf(input[i] / scale);
        float q = r + (float)zeroPoint;
        if (q != q) q = (float)zeroPoint;
        q = q < -128.0f ? -128.0f : (q > 127.0f ? 127.0f : q);
        out[i] = (int8_t)q;
    }
}

#else
void edge_q8_quantize_avx2(int64_t count, const float *input, float scale, int32_t zeroPoint, int8_t *out) {
    (void)count; (void)input; (void)scale; (void)zeroPoint; (void)out;
}
void edge_q8_conv_vnni(const EdgeQ8Conv *p, const uint8_t *expanded, int8_t *out) { (void)p; (void)expanded; (void)out; }
void edge_q8_conv_avx2(const EdgeQ8Conv *p, const int16_t *expanded, int8_t *out) { (void)p; (void)expanded; (void)out; }
void edge_q8_winograd_avx2(const EdgeQ8Winograd *p, const int8_t *input, void *scratch, int8_t *out) {
    (void)p; (void)input; (void)scratch; (void)out;
}
void edge_q8_gemv_vnni(int64_t rows, int64_t k, const int8_t *w, int64_t ldw, const int8_t *x,
                       const int32_t *biasAdjusted, int32_t *acc) {
    (void)rows; (void)k; (void)w; (void)ldw; (void)x; (void)biasAdjusted; (void)acc;
}
void edge_q8_gemv_avx2(int64_t rows, int64_t k, const int8_t *w, int64_t ldw, const int8_t *x,
                       const int32_t *biasAdjusted, int32_t *acc) {
    (void)rows; (void)k; (void)w; (void)ldw; (void)x; (void)biasAdjusted; (void)acc;
}
#endif
