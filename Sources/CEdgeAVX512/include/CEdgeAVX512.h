#ifndef CEDGE_AVX512_H
#define CEDGE_AVX512_H
/* AVX-512 / VNNI kernels with per-function target attributes. Call only when the CPU has them. */
#endif
