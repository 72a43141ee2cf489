#include "CEdgeAVX512.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define EDGE_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,fma,avx2")))

/* One tile of MR rows x 32 columns (two zmm per row); MR is a compile-time constant after
 * inlining, so the accumulators live in registers (up to 24 of the 32 zmm). */
static inline __attribute__((always_inline)) EDGE_AVX512 void
edge_tile(const int MR, int64_t k, const float *a, int64_t rsA, int64_t csA,
          const float *b, int64_t ldb, const int32_t *offsets,
          __mmask16 m0, __mmask16 m1, float *c, int64_t ldc, int accumulate,
          const float *bias, int relu, const __mmask16 *valid, const int64_t *start) {
    __m512 acc[12][2];
    for (int r = 0; r < MR; r++) {
        acc[r][0] = _mm512_setzero_ps();
        acc[r][1] = _mm512_setzero_ps();
    }
    const int full = (m0 == 0xFFFF) && (m1 == 0xFFFF);
    if (offsets) {
        for (int64_t p = 0; p < k; p++) {
            const float *row = b + offsets[p];
            __m512 b0 = full ? _mm512_loadu_ps(row) : _mm512_maskz_loadu_ps(m0, row);
            __m512 b1 = full ? _mm512_loadu_ps(row + 16) : _mm512_maskz_loadu_ps(m1, row + 16);
            const float *ap = a + p * csA;
            for (int r = 0; r < MR; r++) {
                __m512 x = _mm512_set1_ps(ap[r * rsA]);
                acc[r][0] = _mm512_fmadd_ps(x, b0, acc[r][0]);
                acc[r][1] = _mm512_fmadd_ps(x, b1, acc[r][1]);
            }
        }
    } else if (full) {
        for (int64_t p = 0; p < k; p++) {
            const float *row = b + p * ldb;
            __m512 b0 = _mm512_loadu_ps(row);
            __m512 b1 = _mm512_loadu_ps(row + 16);
            const float *ap = a + p * csA;
            for (int r = 0; r < MR; r++) {
                __m512 x = _mm512_set1_ps(ap[r * rsA]);
                acc[r][0] = _mm512_fmadd_ps(x, b0, acc[r][0]);
                acc[r][1] = _mm512_fmadd_ps(x, b1, acc[r][1]);
            }
        }
    } else {
        for (int64_t p = 0; p < k; p++) {
            const float *row = b + p * ldb;
            __m512 b0 = _mm512_maskz_loadu_ps(m0, row);
            __m512 b1 = _mm512_maskz_loadu_ps(m1, row + 16);
            const float *ap = a + p * csA;
            for (int r = 0; r < MR; r++) {
                __m512 x = _mm512_set1_ps(ap[r * rsA]);
                acc[r][0] = _mm512_fmadd_ps(x, b0, acc[r][0]);
                acc[r][1] = _mm512_fmadd_ps(x, b1, acc[r][1]);
            }
        }
    }
    const __m512 zero = _mm512_setzero_ps();
    for (int r = 0; r < MR; r++) {
        float *out = c + r * ldc;
        __m512 v0 = acc[r][0], v1 = acc[r][1];
        if (bias) {
            __m512 bv = _mm512_set1_ps(bias[r]);
            v0 = _mm512_add_ps(v0, bv);
            v1 = _mm512_add_ps(v1, bv);
        }
        if (accumulate) {
            v0 = _mm512_add_ps(v0, _mm512_maskz_loadu_ps(m0, out));
            v1 = _mm512_add_ps(v1, _mm512_maskz_loadu_ps(m1, out + 16));
        }
        if (relu) {
            v0 = _mm512_max_ps(v0, zero);
            v1 = _mm512_max_ps(v1, zero);
        }
        if (valid) {
            /* Direct NCHW store: the valid lanes of each vector are consecutive output pixels. */
            const int n0 = __builtin_popcount(valid[0]), n1 = __builtin_popcount(valid[1]);
            _mm512_mask_storeu_ps(out + start[0], (__mmask16)((1u << n0) - 1), _mm512_maskz_compress_ps(valid[0], v0));
            _mm512_mask_storeu_ps(out + start[1], (__mmask16)((1u << n1) - 1), _mm512_maskz_compress_ps(valid[1], v1));
        } else {
            _mm512_mask_storeu_ps(out, m0, v0);
            _mm512_mask_storeu_ps(out + 16, m1, v1);
        }
    }
}

#define EDGE_TILE_CASE(R) \
    case R: edge_tile(R, k, ai, rowStrideA, colStrideA, bj, ldb, rowOffsets, m0, m1, ci, ldc, accumulate, \
                      rowBias ? rowBias + i : 0, relu, 0, 0); break;

#define EDGE_DIRECT_CASE(R) \
    case R: edge_tile(R, k, a + i * lda, lda, 1, b + j, 0, rowOffsets, m0, m1, out + i * outStride, outStride, 0, \
                      bias ? bias + i : 0, relu, valid, start); break;

EDGE_AVX512 void edge_avx512_gemm_nn(int64_t m, int64_t n, int64_t k,
                                     const float *a, int64_t rowStrideA, int64_t colStrideA,
                                     const float *b, int64_t ldb, const int32_t *rowOffsets,
                                     float *c, int64_t ldc,
                                     int accumulate, const float *rowBias, int relu) {
    for (int64_t j = 0; j < n; j += 32) {
        const int64_t nr = n - j < 32 ? n - j : 32;
        const __mmask16 m0 = nr >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << nr) - 1);
        const __mmask16 m1 = nr >= 32 ? (__mmask16)0xFFFF : nr <= 16 ? (__mmask16)0 : (__mmask16)((1u << (nr - 16)) - 1);
        const float *bj = b + j;
        for (int64_t i = 0; i < m; i += 8) {
            const int64_t mr = m - i < 8 ? m - i : 8;
            const float *ai = a + i * rowStrideA;
            float *ci = c + i * ldc + j;
            switch (mr) {
                EDGE_TILE_CASE(8)
                EDGE_TILE_CASE(7)
                EDGE_TILE_CASE(6)
                EDGE_TILE_CASE(5)
                EDGE_TILE_CASE(4)
                EDGE_TILE_CASE(3)
                EDGE_TILE_CASE(2)
                EDGE_TILE_CASE(1)
            }
        }
    }
}

EDGE_AVX512 void edge_avx512_conv_implicit(int64_t m, int64_t columns, int64_t k, const float *a, int64_t lda,
                                           const float *b, const int32_t *rowOffsets,
                                           int64_t paddedWidth, int64_t outWidth,
                                           float *out, int64_t outStride, const float *bias, int relu) {
    for (int64_t j = 0; j < columns; j += 32) {
        const int64_t nr = columns - j < 32 ? columns - j : 32;
        const __mmask16 m0 = nr >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << nr) - 1);
        const __mmask16 m1 = nr >= 32 ? (__mmask16)0xFFFF : nr <= 16 ? (__mmask16)0 : (__mmask16)((1u << (nr - 16)) - 1);
        __mmask16 valid[2] = {0, 0};
        int64_t start[2] = {0, 0};
        for (int v = 0; v < 2; v++) {
            int first = 1;
            for (int lane = 0; lane < 16; lane++) {
                const int64_t column = j + 16 * v + lane;
                if (column >= columns) break;
                const int64_t oh = column / paddedWidth, ow = column % paddedWidth;
                if (ow >= outWidth) continue;
                valid[v] |= (__mmask16)(1u << lane);
                if (first) {
                    start[v] = oh * outWidth + ow;
                    first = 0;
                }
            }
        }
        for (int64_t i = 0; i < m; i += 8) {
            const int64_t mr = m - i < 8 ? m - i : 8;
            switch (mr) {
                EDGE_DIRECT_CASE(8)
                EDGE_DIRECT_CASE(7)
                EDGE_DIRECT_CASE(6)
                EDGE_DIRECT_CASE(5)
                EDGE_DIRECT_CASE(4)
                EDGE_DIRECT_CASE(3)
                EDGE_DIRECT_CASE(2)
                EDGE_DIRECT_CASE(1)
            }
        }
    }
}

/* MR A rows x 6 B rows of dot products (MR*6 zmm accumulators), reduced at the end. B rows
 * past the matrix edge are clamped to the last row and their results discarded. */
static inline __attribute__((always_inline)) EDGE_AVX512 void
edge_dot_tile(const int MR, int64_t k, const float *a, int64_t lda, const float *const *rows, int64_t nr,
              float *c, int64_t ldc, int accumulate, const float *bias, int relu) {
    __m512 acc[4][6];
    for (int r = 0; r < MR; r++)
        for (int q = 0; q < 6; q++) acc[r][q] = _mm512_setzero_ps();
    int64_t p = 0;
    for (; p + 16 <= k; p += 16) {
        __m512 y[6];
        for (int q = 0; q < 6; q++) y[q] = _mm512_loadu_ps(rows[q] + p);
        for (int r = 0; r < MR; r++) {
            __m512 x = _mm512_loadu_ps(a + r * lda + p);
            for (int q = 0; q < 6; q++) acc[r][q] = _mm512_fmadd_ps(x, y[q], acc[r][q]);
        }
    }
    if (p < k) {
        const __mmask16 mask = (__mmask16)((1u << (k - p)) - 1);
        __m512 y[6];
        for (int q = 0; q < 6; q++) y[q] = _mm512_maskz_loadu_ps(mask, rows[q] + p);
        for (int r = 0; r < MR; r++) {
            __m512 x = _mm512_maskz_loadu_ps(mask, a + r * lda + p);
            for (int q = 0; q < 6; q++) acc[r][q] = _mm512_fmadd_ps(x, y[q], acc[r][q]);
        }
    }
    for (int r = 0; r < MR; r++) {
        for (int q = 0; q < nr; q++) {
            float v = _mm512_reduce_add_ps(acc[r][q]);
            if (bias) v += bias[q];
            if (accumulate) v += c[r * ldc + q];
            if (relu && v < 0) v = 0;
            c[r * ldc + q] = v;
        }
    }
}

#define EDGE_DOT_CASE(R) \
    case R: edge_dot_tile(R, k, a + i * lda, lda, rows, nr, c + i * ldc + j, ldc, accumulate, \
                          columnBias ? columnBias + j : 0, relu); break;

EDGE_AVX512 void edge_avx512_gemm_nt(int64_t m, int64_t n, int64_t k,
                                     const float *a, int64_t lda,
                                     const float *b, int64_t ldb, const int32_t *rowOffsets,
                                     float *c, int64_t ldc,
                                     int accumulate, const float *columnBias, int relu) {
    for (int64_t j = 0; j < n; j += 6) {
        const int64_t nr = n - j < 6 ? n - j : 6;
        const float *rows[6];
        for (int q = 0; q < 6; q++) {
            const int64_t row = j + (q < nr ? q : nr - 1);
            rows[q] = rowOffsets ? b + rowOffsets[row] : b + row * ldb;
        }
        for (int64_t i = 0; i < m; i += 4) {
            const int64_t mr = m - i < 4 ? m - i : 4;
            switch (mr) {
                EDGE_DOT_CASE(4)
                EDGE_DOT_CASE(3)
                EDGE_DOT_CASE(2)
                EDGE_DOT_CASE(1)
            }
        }
    }
}

/* MR rows x 32 columns with each A row at its own address (broadcast A[r][p]). */
static inline __attribute__((always_inline)) EDGE_AVX512 void
edge_offset_tile(const int MR, int64_t k, const float *const *rows, const float *b, int64_t ldb,
                 __mmask16 m0, __mmask16 m1, float *c, int64_t ldc, int accumulate) {
    __m512 acc[8][2];
    for (int r = 0; r < MR; r++) {
        acc[r][0] = _mm512_setzero_ps();
        acc[r][1] = _mm512_setzero_ps();
    }
    for (int64_t p = 0; p < k; p++) {
        const float *row = b + p * ldb;
        __m512 b0 = _mm512_maskz_loadu_ps(m0, row);
        __m512 b1 = _mm512_maskz_loadu_ps(m1, row + 16);
        for (int r = 0; r < MR; r++) {
            __m512 x = _mm512_set1_ps(rows[r][p]);
            acc[r][0] = _mm512_fmadd_ps(x, b0, acc[r][0]);
            acc[r][1] = _mm512_fmadd_ps(x, b1, acc[r][1]);
        }
    }
    for (int r = 0; r < MR; r++) {
        float *out = c + r * ldc;
        __m512 v0 = acc[r][0], v1 = acc[r][1];
        if (accumulate) {
            v0 = _mm512_add_ps(v0, _mm512_maskz_loadu_ps(m0, out));
            v1 = _mm512_add_ps(v1, _mm512_maskz_loadu_ps(m1, out + 16));
        }
        _mm512_mask_storeu_ps(out, m0, v0);
        _mm512_mask_storeu_ps(out + 16, m1, v1);
    }
}

#define EDGE_OFFSET_CASE(R) \
    case R: edge_offset_tile(R, k, rows, b + j, ldb, m0, m1, c + i * ldc + j, ldc, accumulate); break;

EDGE_AVX512 void edge_avx512_gemm_nn_offset_rows(int64_t m, int64_t n, int64_t k,
                                                 const float *a, const int32_t *aRowOffsets,
                                                 const float *b, int64_t ldb,
                                                 float *c, int64_t ldc, int accumulate) {
    for (int64_t j = 0; j < n; j += 32) {
        const int64_t nr = n - j < 32 ? n - j : 32;
        const __mmask16 m0 = nr >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << nr) - 1);
        const __mmask16 m1 = nr >= 32 ? (__mmask16)0xFFFF : nr <= 16 ? (__mmask16)0 : (__mmask16)((1u << (nr - 16)) - 1);
        for (int64_t i = 0; i < m; i += 8) {
            const int64_t mr = m - i < 8 ? m - i : 8;
            const float *rows[8];
            for (int r = 0; r < 8; r++) rows[r] = a + aRowOffsets[i + (r < mr ? r : mr - 1)];
            switch (mr) {
                EDGE_OFFSET_CASE(8)
                EDGE_OFFSET_CASE(7)
                EDGE_OFFSET_CASE(6)
                EDGE_OFFSET_CASE(5)
                EDGE_OFFSET_CASE(4)
                EDGE_OFFSET_CASE(3)
                EDGE_OFFSET_CASE(2)
                EDGE_OFFSET_CASE(1)
            }
        }
    }
}

/* 6 pixels x Q*16 output channels (up to 24 accumulators). */
static inline __attribute__((always_inline)) EDGE_AVX512 void
edge_pixel_tile(const int Q, int64_t k, const float *w, int64_t ws, const float *const *px,
                const int32_t *offsets, int64_t pr, int64_t cr, float *out, int64_t outStride,
                const float *bias, int relu) {
    __m512 acc[6][4];
    for (int r = 0; r < 6; r++)
        for (int q = 0; q < Q; q++) acc[r][q] = _mm512_setzero_ps();
    for (int64_t p = 0; p < k; p++) {
        const float *wp = w + p * ws;
        __m512 wv[4];
        for (int q = 0; q < Q; q++) wv[q] = _mm512_loadu_ps(wp + 16 * q);
        const int64_t o = offsets[p];
        for (int r = 0; r < 6; r++) {
            __m512 x = _mm512_set1_ps(px[r][o]);
            for (int q = 0; q < Q; q++) acc[r][q] = _mm512_fmadd_ps(x, wv[q], acc[r][q]);
        }
    }
    float tile[6][64] __attribute__((aligned(64)));
    const __m512 zero = _mm512_setzero_ps();
    for (int q = 0; q < Q; q++) {
        __m512 bv = zero;
        if (bias) {
            const int64_t left = cr - 16 * q;
            const __mmask16 m = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
            bv = _mm512_maskz_loadu_ps(m, bias + 16 * q);
        }
        for (int r = 0; r < 6; r++) {
            __m512 v = _mm512_add_ps(acc[r][q], bv);
            if (relu) v = _mm512_max_ps(v, zero);
            _mm512_store_ps(&tile[r][16 * q], v);
        }
    }
    for (int64_t c = 0; c < cr; c++) {
        float *dst = out + c * outStride;
        for (int64_t r = 0; r < pr; r++) dst[r] = tile[r][c];
    }
}

EDGE_AVX512 void edge_avx512_conv_pixels(int64_t outChannels, int64_t k, const float *packedWeight,
                                         int64_t channelStride, const float *padded, const int32_t *rowOffsets,
                                         const int32_t *pixelBase, int64_t pixels,
                                         float *out, int64_t outStride, const float *bias, int relu) {
    for (int64_t cb = 0; cb < outChannels; cb += 64) {
        const int64_t cr = outChannels - cb < 64 ? outChannels - cb : 64;
        const int Q = (int)((cr + 15) / 16);
        for (int64_t q0 = 0; q0 < pixels; q0 += 6) {
            const int64_t pr = pixels - q0 < 6 ? pixels - q0 : 6;
            const float *px[6];
            for (int r = 0; r < 6; r++) px[r] = padded + pixelBase[q0 + (r < pr ? r : pr - 1)];
            const float *w = packedWeight + cb;
            float *o = out + cb * outStride + q0;
            const float *b = bias ? bias + cb : 0;
            switch (Q) {
                case 4: edge_pixel_tile(4, k, w, channelStride, px, rowOffsets, pr, cr, o, outStride, b, relu); break;
                case 3: edge_pixel_tile(3, k, w, channelStride, px, rowOffsets, pr, cr, o, outStride, b, relu); break;
                case 2: edge_pixel_tile(2, k, w, channelStride, px, rowOffsets, pr, cr, o, outStride, b, relu); break;
                default: edge_pixel_tile(1, k, w, channelStride, px, rowOffsets, pr, cr, o, outStride, b, relu); break;
            }
        }
    }
}

EDGE_AVX512 void edge_avx512_maxpool2x2(int64_t planes, int64_t inHeight, int64_t inWidth, const float *input,
                                        float *output, int32_t *argmax) {
    const int64_t outHeight = inHeight / 2, outWidth = inWidth / 2;
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    const __m512i one = _mm512_set1_epi32(1), below = _mm512_set1_epi32((int)inWidth),
                  diagonal = _mm512_set1_epi32((int)inWidth + 1);
    for (int64_t plane = 0; plane < planes; plane++) {
        const float *src = input + plane * inHeight * inWidth;
        float *dst = output + plane * outHeight * outWidth;
        int32_t *idx = argmax ? argmax + plane * outHeight * outWidth : 0;
        for (int64_t oh = 0; oh < outHeight; oh++) {
            const float *row0 = src + 2 * oh * inWidth, *row1 = row0 + inWidth;
            for (int64_t ow = 0; ow < outWidth; ow += 16) {
                const int64_t n = outWidth - ow < 16 ? outWidth - ow : 16;
                const int64_t count = 2 * n;
                const __mmask16 lo = count >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << count) - 1);
                const __mmask16 hi = count >= 32 ? (__mmask16)0xFFFF
                                   : count <= 16 ? (__mmask16)0 : (__mmask16)((1u << (count - 16)) - 1);
                const __m512 t0 = _mm512_maskz_loadu_ps(lo, row0 + 2 * ow), t1 = _mm512_maskz_loadu_ps(hi, row0 + 2 * ow + 16);
                const __m512 u0 = _mm512_maskz_loadu_ps(lo, row1 + 2 * ow), u1 = _mm512_maskz_loadu_ps(hi, row1 + 2 * ow + 16);
                __m512 best = _mm512_permutex2var_ps(t0, even, t1);
                const __m512 b = _mm512_permutex2var_ps(t0, odd, t1);
                const __m512 c = _mm512_permutex2var_ps(u0, even, u1);
                const __m512 d = _mm512_permutex2var_ps(u0, odd, u1);
                __m512i offset = _mm512_setzero_si512();
                __mmask16 take = _mm512_cmp_ps_mask(b, best, _CMP_GT_OQ);
                best = _mm512_mask_mov_ps(best, take, b);
                offset = _mm512_mask_mov_epi32(offset, take, one);
                take = _mm512_cmp_ps_mask(c, best, _CMP_GT_OQ);
                best = _mm512_mask_mov_ps(best, take, c);
                offset = _mm512_mask_mov_epi32(offset, take, below);
                take = _mm512_cmp_ps_mask(d, best, _CMP_GT_OQ);
                best = _mm512_mask_mov_ps(best, take, d);
                offset = _mm512_mask_mov_epi32(offset, take, diagonal);
                const __mmask16 out = n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1);
                _mm512_mask_storeu_ps(dst + oh * outWidth + ow, out, best);
                if (idx) {
                    const __m512i base = _mm512_add_epi32(_mm512_set1_epi32((int)(2 * oh * inWidth + 2 * ow)),
                                                          _mm512_add_epi32(even, offset));
                    _mm512_mask_storeu_epi32(idx + oh * outWidth + ow, out, base);
                }
            }
        }
    }
}

/* Direct 3x3 stride-1 convolution of a zero-padded input ([cin][paddedHeight][paddedWidth];
 * output (y, x) reads rows y..y+2 and columns x..x+2), four output channels x two rows x 32
 * columns per block (16 accumulators; each loaded input vector feeds eight FMAs, each weight is
 * an embedded broadcast). Epilogue: + bias, 2x2 stride-2 max pool when pooled, ReLU when relu
 * (both commute with the max), masked stores of the valid columns. */
EDGE_AVX512 void edge_avx512_direct_conv3x3(const float *padded, int64_t paddedWidth, int64_t paddedHeight,
                                            int64_t cin, const float *weight, const float *bias, int64_t cout,
                                            int64_t outHeight, int64_t outWidth, int relu, int pooled,
                                            float *output) {
    const int64_t plane = paddedHeight * paddedWidth;
    const int64_t oh = pooled ? outHeight / 2 : outHeight, ow = pooled ? outWidth / 2 : outWidth;
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    const __m512 zero = _mm512_setzero_ps();
    for (int64_t co = 0; co < cout; co += 4) {
        int64_t c[4];
        for (int j = 0; j < 4; j++) c[j] = co + j < cout ? co + j : cout - 1;
        for (int64_t y0 = 0; y0 < outHeight; y0 += 2) {
            for (int64_t x0 = 0; x0 < outWidth; x0 += 32) {
                __m512 acc[4][2][2];
                for (int j = 0; j < 4; j++)
                    for (int o = 0; o < 2; o++) acc[j][o][0] = acc[j][o][1] = zero;
                for (int64_t ci = 0; ci < cin; ci++) {
                    const float *base = padded + ci * plane + y0 * paddedWidth + x0;
                    const float *w[4];
                    for (int j = 0; j < 4; j++) w[j] = weight + (c[j] * cin + ci) * 9;
                    for (int r = 0; r < 4; r++) {
                        const float *row = base + r * paddedWidth;
                        __m512 v[2][3];
                        for (int h = 0; h < 2; h++)
                            for (int k = 0; k < 3; k++) v[h][k] = _mm512_loadu_ps(row + 16 * h + k);
                        for (int o = 0; o < 2; o++) {
                            const int ky = r - o;
                            if (ky < 0 || ky > 2) continue;
                            for (int j = 0; j < 4; j++) {
                                const float *t = w[j] + 3 * ky;
                                for (int h = 0; h < 2; h++) {
                                    __m512 a = acc[j][o][h];
                                    a = _mm512_fmadd_ps(v[h][0], _mm512_set1_ps(t[0]), a);
                                    a = _mm512_fmadd_ps(v[h][1], _mm512_set1_ps(t[1]), a);
                                    a = _mm512_fmadd_ps(v[h][2], _mm512_set1_ps(t[2]), a);
                                    acc[j][o][h] = a;
                                }
                            }
                        }
                    }
                }
                for (int j = 0; j < 4; j++) {
                    const __m512 b = _mm512_set1_ps(bias ? bias[c[j]] : 0.0f);
                    float *out = output + c[j] * oh * ow;
                    if (pooled) {
                        const __m512 m0 = _mm512_max_ps(acc[j][0][0], acc[j][1][0]);
                        const __m512 m1 = _mm512_max_ps(acc[j][0][1], acc[j][1][1]);
                        __m512 p = _mm512_add_ps(_mm512_max_ps(_mm512_permutex2var_ps(m0, even, m1),
                                                               _mm512_permutex2var_ps(m0, odd, m1)), b);
                        if (relu) p = _mm512_max_ps(p, zero);
                        const int64_t n = ow - x0 / 2 < 16 ? ow - x0 / 2 : 16;
                        _mm512_mask_storeu_ps(out + (y0 / 2) * ow + x0 / 2, (__mmask16)((1u << n) - 1), p);
                    } else {
                        for (int o = 0; o < 2 && y0 + o < oh; o++) {
                            for (int h = 0; h < 2; h++) {
                                const int64_t n = ow - x0 - 16 * h < 16 ? ow - x0 - 16 * h : 16;
                                if (n <= 0) break;
                                __m512 q = _mm512_add_ps(acc[j][o][h], b);
                                if (relu) q = _mm512_max_ps(q, zero);
                                _mm512_mask_storeu_ps(out + (y0 + o) * ow + x0 + 16 * h,
                                                      (__mmask16)((1u << n) - 1), q);
                            }
                        }
                    }
                }
            }
        }
    }
}

#else
/* Non-x86 builds never select the AVX-512 path; this keeps the symbol defined. */
void edge_avx512_gemm_nn(int64_t m, int64_t n, int64_t k, const float *a, int64_t rowStrideA, int64_t colStrideA,
                         const float *b, int64_t ldb, const int32_t *rowOffsets, float *c, int64_t ldc,
                         int accumulate, const float *rowBias, int relu) {
    (void)m; (void)n; (void)k; (void)a; (void)rowStrideA; (void)colStrideA; (void)b; (void)ldb;
    (void)rowOffsets; (void)c; (void)ldc; (void)accumulate; (void)rowBias; (void)relu;
}
void edge_avx512_gemm_nt(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda, const float *b, int64_t ldb,
                         const int32_t *rowOffsets, float *c, int64_t ldc, int accumulate, const float *columnBias,
                         int relu) {
    (void)m; (void)n; (void)k; (void)a; (void)lda; (void)b; (void)ldb; (void)rowOffsets; (void)c; (void)ldc;
    (void)accumulate; (void)columnBias; (void)relu;
}
void edge_avx512_gemm_nn_offset_rows(int64_t m, int64_t n, int64_t k, const float *a, const int32_t *aRowOffsets,
                                     const float *b, int64_t ldb, float *c, int64_t ldc, int accumulate) {
    (void)m; (void)n; (void)k; (void)a; (void)aRowOffsets; (void)b; (void)ldb; (void)c; (void)ldc; (void)accumulate;
}
void edge_avx512_conv_pixels(int64_t outChannels, int64_t k, const float *packedWeight, int64_t channelStride,
                             const float *padded, const int32_t *rowOffsets, const int32_t *pixelBase, int64_t pixels,
                             float *out, int64_t outStride, const float *bias, int relu) {
    (void)outChannels; (void)k; (void)packedWeight; (void)channelStride; (void)padded; (void)rowOffsets;
    (void)pixelBase; (void)pixels; (void)out; (void)outStride; (void)bias; (void)relu;
}
void edge_avx512_maxpool2x2(int64_t planes, int64_t inHeight, int64_t inWidth, const float *input,
                            float *output, int32_t *argmax) {
    (void)planes; (void)inHeight; (void)inWidth; (void)input; (void)output; (void)argmax;
}
void edge_avx512_conv_implicit(int64_t m, int64_t columns, int64_t k, const float *a, int64_t lda, const float *b,
                               const int32_t *rowOffsets, int64_t paddedWidth, int64_t outWidth, float *out,
                               int64_t outStride, const float *bias, int relu) {
    (void)m; (void)columns; (void)k; (void)a; (void)lda; (void)b; (void)rowOffsets; (void)paddedWidth;
    (void)outWidth; (void)out; (void)outStride; (void)bias; (void)relu;
}
void edge_avx512_direct_conv3x3(const float *padded, int64_t paddedWidth, int64_t paddedHeight, int64_t cin,
                                const float *weight, const float *bias, int64_t cout, int64_t outHeight,
                                int64_t outWidth, int relu, int pooled, float *output) {
    (void)padded; (void)paddedWidth; (void)paddedHeight; (void)cin; (void)weight; (void)bias; (void)cout;
    (void)outHeight; (void)outWidth; (void)relu; (void)pooled; (void)output;
}
#endif
