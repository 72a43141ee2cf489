#ifndef CEDGE_AVX512_H
#define CEDGE_AVX512_H
/* AVX-512 kernels with per-function target attributes. Call only when the CPU has AVX-512
 * F/BW/VL/DQ (see CCPUFeatures); the rest of the binary stays runnable on older CPUs. */

#include <stdint.h>

/**
 * C (+)= A * B (+ rowBias[i]) (then ReLU), single precision, single-threaded, no allocation.
 *
 * A element (i, p) is a[i*rowStrideA + p*colStrideA] (covers A and A transposed).
 * B element (p, j) is b[p*ldb + j], or b[rowOffsets[p] + j] when rowOffsets is non-NULL
 * (implicit-GEMM convolution). Only columns 0..<n of B rows are read (masked tails).
 * C element (i, j) is c[i*ldc + j]; only columns 0..<n are written.
 * accumulate: add the product to C instead of overwriting. rowBias may be NULL.
 */
void edge_avx512_gemm_nn(int64_t m, int64_t n, int64_t k,
                         const float *a, int64_t rowStrideA, int64_t colStrideA,
                         const float *b, int64_t ldb, const int32_t *rowOffsets,
                         float *c, int64_t ldc,
                         int accumulate, const float *rowBias, int relu);

/**
 * C (+)= A * B^T (+ columnBias[j]) (then ReLU): dot products along k, both operands row-major.
 *
 * A element (i, p) is a[i*lda + p]; B element (j, p) is b[j*ldb + p], or b[rowOffsets[j] + p]
 * when rowOffsets is non-NULL. C element (i, j) is c[i*ldc + j]. Only k elements of each row
 * are read (masked tails). columnBias may be NULL.
 */
void edge_avx512_gemm_nt(int64_t m, int64_t n, int64_t k,
                         const float *a, int64_t lda,
                         const float *b, int64_t ldb, const int32_t *rowOffsets,
                         float *c, int64_t ldc,
                         int accumulate, const float *columnBias, int relu);

/**
 * C (+)= A * B with A's rows at offsets: A element (i, p) is a[aRowOffsets[i] + p];
 * B element (p, j) is b[p*ldb + j]; C element (i, j) is c[i*ldc + j]. Used for convolution
 * weight gradients, where A's rows are shifted windows of padded input planes.
 */
void edge_avx512_gemm_nn_offset_rows(int64_t m, int64_t n, int64_t k,
                                     const float *a, const int32_t *aRowOffsets,
                                     const float *b, int64_t ldb,
                                     float *c, int64_t ldc, int accumulate);

/**
 * Stride-1 convolution of one image and group, vectorised over output channels: for every
 * output pixel q (in NCHW order, pixels of them), out[co*outStride + q] =
 *   bias[co] + sum_p packedWeight[p*channelStride + co] * padded[pixelBase[q] + rowOffsets[p]],
 * then ReLU if relu. packedWeight holds k rows of channelStride (a multiple of 16, zero-padded)
 * channels; bias may be NULL.
 */
void edge_avx512_conv_pixels(int64_t outChannels, int64_t k, const float *packedWeight, int64_t channelStride,
                             const float *padded, const int32_t *rowOffsets,
                             const int32_t *pixelBase, int64_t pixels,
                             float *out, int64_t outStride, const float *bias, int relu);

/**
 * 2x2 max pooling, stride 2, no padding, over planes of inHeight x inWidth (floor output size).
 * argmax (may be NULL) receives the winning index within the input plane; ties go to the
 * first position in row-major window order (strictly greater wins).
 */
void edge_avx512_maxpool2x2(int64_t planes, int64_t inHeight, int64_t inWidth, const float *input,
                            float *output, int32_t *argmax);

/**
 * Stride-1 implicit-GEMM convolution of one image and group with NCHW output: the product
 * C = A * B (A = m x k weights with row stride lda; B row p = b + rowOffsets[p], read at
 * `columns` padded-width positions) is stored straight into out[i*outStride + oh*outWidth + ow]
 * for every column oh*paddedWidth + ow with ow < outWidth (other columns are dropped), with
 * bias[i] added (may be NULL) and ReLU if relu.
 */
void edge_avx512_conv_implicit(int64_t m, int64_t columns, int64_t k, const float *a, int64_t lda,
                               const float *b, const int32_t *rowOffsets,
                               int64_t paddedWidth, int64_t outWidth,
                               float *out, int64_t outStride, const float *bias, int relu);


/**
 * Direct 3x3 stride-1 convolution of one zero-padded image ([cin][paddedHeight][paddedWidth],
 * output (y, x) reading rows y..y+2 and columns x..x+2; paddedHeight >= outHeight rounded up to
 * even + 2, paddedWidth >= outWidth rounded up to 32 + 2) with weight OIHW [cout][cin][3][3],
 * bias[cout] (may be NULL), ReLU if relu, and the 2x2 stride-2 max pool if pooled (even
 * outHeight and outWidth), into NCHW output [cout][outHeight][outWidth] (or halved when pooled).
 */
void edge_avx512_direct_conv3x3(const float *padded, int64_t paddedWidth, int64_t paddedHeight, int64_t cin,
                                const float *weight, const float *bias, int64_t cout, int64_t outHeight,
                                int64_t outWidth, int relu, int pooled, float *output);

#endif
