#ifndef CCPU_FEATURES_H
#define CCPU_FEATURES_H
/* CPU-feature questions, answered once at start-up by EdgeKernels' dispatch.
 * Each function returns 1 when the CPU *and* the operating system support the feature set
 * (the OS must save the wide registers), 0 otherwise. Always 0 on non-x86 machines. */

/** AVX2 and FMA3 (x86-64-v3 floating point). */
int edge_cpu_has_avx2_fma(void);

/** AVX-512 F, BW, VL and DQ (the subset the AVX-512 kernels use). */
int edge_cpu_has_avx512(void);

/** AVX-512 VNNI (int8 dot products) on top of edge_cpu_has_avx512(). */
int edge_cpu_has_avx512_vnni(void);

#endif
