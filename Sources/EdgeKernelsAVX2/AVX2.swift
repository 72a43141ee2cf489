// EdgeKernelsAVX2: Swift SIMD kernels compiled with -march=x86-64-v3. Entry points are @inline(never).
