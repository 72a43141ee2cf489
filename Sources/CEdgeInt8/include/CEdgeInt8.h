#ifndef CEDGE_INT8_H
#define CEDGE_INT8_H
/* Integer (int8 x int8 -> int32) kernels for the quantized engine: AVX2 (vpmaddwd on operands
 * widened to int16) and AVX-512 VNNI (vpdpbusd on uint8 x int8), each function compiled with its
 * own target attribute. Call an _avx2 function only when the CPU has AVX2 and a _vnni one only
 * when it has AVX-512 F/BW/VL + VNNI (see CCPUFeatures); the rest of the binary stays runnable on
 * any x86-64. Every function is single-threaded, allocates nothing and is bit-exact with the
 * Swift reference kernels (QuantizedConv2D / QuantizedGemm / Requantization in EdgeKernels). */

#include <stdint.h>

/**
 * A convolution input copied into "expanded rows": element (y, ox, j) at
 * out[(y * outWidth + ox) * rowLength + j] is input pixel (y - padTop, ox * strideWidth +
 * kx * dilationWidth - padLeft) of channel c, with j = kx * channels + c, or padValue outside
 * the image; j in kernelWidth * channels ..< rowLength is 0. Input element (c, iy, ix) is
 * input[c * channelStride + iy * rowStride + ix * columnStride] (NCHW and NHWC both fit).
 * The VNNI form stores each int8 value v as the uint8 v + 128; the AVX2 form as int16 v.
 */
typedef struct {
    int64_t channels, inHeight, inWidth;
    int64_t channelStride, rowStride, columnStride;
    int64_t rows, outWidth, kernelWidth, strideWidth, dilationWidth;
    int64_t padTop, padLeft;
    int64_t rowLength;
    int32_t padValue;
} EdgeQ8Expand;

void edge_q8_expand_u8(const EdgeQ8Expand *e, const int8_t *input, uint8_t *out);
void edge_q8_expand_i16(const EdgeQ8Expand *e, const int8_t *input, int16_t *out);

/**
 * One integer convolution over an expanded input, with the requantization (+ fused ReLU through
 * lower) and optionally a 2x2 max-pool in the epilogue.
 *
 * Output pixel q (of `pixels`) reads, for k-group g, the G consecutive expanded elements at
 * expanded + pixelBase[q] + groupOffsets[g] (G = 4 uint8 for VNNI, 2 int16 for AVX2). Pixels
 * come in windows of four (pixelBase has windows * 4 entries; a short last window repeats its
 * last pixel). weights: [groups][paddedChannels][G] (int8 for VNNI, int16 for AVX2), zero in
 * padded places. accumulator = dot + biasAdjusted[co], then
 * clamp(round(acc * multiplier[co] * 2^-right) + zeroPoint, lower, upper) with ties up; the
 * requantization constants of each block of B channels (B = 16 VNNI, 8 AVX2) are stored as
 * int64 [rightEven (B/2), rightOdd (B/2), roundEven, roundOdd] in `shifts` (right in 31...62);
 * round is 2^(right-1) for VNNI and 2^(right-1) + 2^62 for AVX2, whose requantOffset[co] holds
 * 2^(62-right) mod 2^32 (see edge_avx2_requant_raw; unused by VNNI).
 * pool != 0: the maximum over each window's four pixels is requantized and written once, at
 * out + outOffset[w] + co * outChannelStride; pool == 0: pixel q at out + outOffset[q] + ...
 */
typedef struct {
    int64_t outChannels, paddedChannels, groups;
    const int32_t *groupOffsets;
    const void *weights;
    const int32_t *biasAdjusted;
    const int32_t *multiplier;
    const int64_t *shifts;
    const int32_t *requantOffset;
    int32_t zeroPoint, lower, upper, pool;
    int64_t windows, pixels;
    const int32_t *pixelBase;
    const int32_t *outOffset;
    int64_t outChannelStride;
} EdgeQ8Conv;

void edge_q8_conv_vnni(const EdgeQ8Conv *p, const uint8_t *expanded, int8_t *out);
void edge_q8_conv_avx2(const EdgeQ8Conv *p, const int16_t *expanded, int8_t *out);

/**
 * A 3x3, stride 1 integer convolution by Winograd F(2x2, 3x3) in exact integer arithmetic (AVX2):
 * every 2x2 output tile reads a 4x4 input patch d (int8, padValue outside the image), V = B^T d B
 * (|V| <= 512) and U = G' g G'^T with G' = 2G (integers, |U| <= 1152) are int16, their products
 * are summed over channels with vpmaddwd in int32, and Y = A^T M A equals 4x the direct
 * convolution's sum exactly (int32 wraps, and the true value fits), so acc = (Y >> 2) +
 * biasAdjusted is bit-exact with the direct kernels; the epilogue (requantization, fused ReLU,
 * optional 2x2 max-pool over the tile, which is the pool window) is edge_q8_conv_avx2's.
 *
 * weights: [16][channelPairs][paddedChannels][2] int16 (input channels 2i, 2i+1 of output
 * channel co side by side), zero in padded places; the requantization tables are
 * EdgeQ8Conv's for 8-channel blocks. Tiles: tilesY x tilesX from output (0, 0); pool != 0:
 * tile (ty, tx) is pooled output (ty, tx); pool == 0: outputs past outHeight/outWidth are not
 * written. Output (channel co, pixel y, x) goes to out[co * outChannelStride + (y * outRowPixels
 * + x) * outPixelStride]. scratch: edge_q8_winograd_scratch(p) bytes, any alignment.
 */
typedef struct {
    int64_t channels, inHeight, inWidth;
    int64_t channelStride, rowStride, columnStride;
    int64_t padTop, padLeft;
    int64_t outHeight, outWidth;
    int64_t tilesY, tilesX;
    int64_t channelPairs;
    int32_t padValue;
    const int16_t *weights;
    int64_t outChannels, paddedChannels;
    const int32_t *biasAdjusted;
    const int32_t *multiplier;
    const int64_t *shifts;
    const int32_t *requantOffset;
    int32_t zeroPoint, lower, upper, pool;
    int64_t outChannelStride, outPixelStride, outRowPixels;
} EdgeQ8Winograd;

int64_t edge_q8_winograd_scratch(const EdgeQ8Winograd *p);
void edge_q8_winograd_avx2(const EdgeQ8Winograd *p, const int8_t *input, void *scratch, int8_t *out);

/**
 * acc[n] = biasAdjusted[n] + sum_k w[n * ldw + k] * x'[k] for n < rows, where x' is x + 128 as
 * uint8 (VNNI) or x as int16 (AVX2): int8 weights read once, row-major. Tails are masked.
 */
void edge_q8_gemv_vnni(int64_t rows, int64_t k, const int8_t *w, int64_t ldw, const int8_t *x,
                       const int32_t *biasAdjusted, int32_t *acc);
void edge_q8_gemv_avx2(int64_t rows, int64_t k, const int8_t *w, int64_t ldw, const int8_t *x,
                       const int32_t *biasAdjusted, int32_t *acc);

/**
 * out[n] = clamp(round(acc[n] * multiplier[n] * 2^(shift[n] - 31)) + zeroPoint, lower, upper),
 * exactly as Requantization.apply (plain C, any shift).
 */
void edge_q8_requantize(int64_t count, const int32_t *acc, const int32_t *multiplier, const int32_t *shift,
                        int32_t zeroPoint, int32_t lower, int32_t upper, int8_t *out);

/**
 * out[i] = clamp(roundHalfEven(input[i] / scale) + zeroPoint, -128, 127), NaN -> zeroPoint: the
 * float input's QuantizeLinear, in the same float operations as the Swift loop (AVX2).
 */
void edge_q8_quantize_avx2(int64_t count, const float *input, float scale, int32_t zeroPoint, int8_t *out);

#endif
