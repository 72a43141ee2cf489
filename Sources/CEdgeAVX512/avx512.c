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
          const float *bias, int relu) {
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
        _mm512_mask_storeu_ps(out, m0, v0);
        _mm512_mask_storeu_ps(out + 16, m1, v1);
    }
}

#define EDGE_TILE_CASE(R) \
    case R: edge_tile(R, k, ai, rowStrideA, colStrideA, bj, ldb, rowOffsets, m0, m1, ci, ldc, accumulate, \
                      rowBias ? rowBias + i : 0, relu); break;

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
#endif
