#include "CCPUFeatures.h"

#if defined(__x86_64__) || defined(__i386__)
/* __builtin_cpu_supports checks CPUID and, for AVX/AVX-512, that the OS enabled the register
 * state (XCR0), so a "yes" here means the instructions will not fault. */
int edge_cpu_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

int edge_cpu_has_avx512(void) {
    __builtin_cpu_init();
    return edge_cpu_has_avx2_fma() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
}

int edge_cpu_has_avx512_vnni(void) {
    __builtin_cpu_init();
    return edge_cpu_has_avx512() && __builtin_cpu_supports("avx512vnni");
}
#else
int edge_cpu_has_avx2_fma(void) { return 0; }
int edge_cpu_has_avx512(void) { return 0; }
int edge_cpu_has_avx512_vnni(void) { return 0; }
#endif
