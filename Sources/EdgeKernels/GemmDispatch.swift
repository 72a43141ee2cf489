#if canImport(EdgeKernelsAVX2)
import EdgeKernelsAVX2
#endif

/// Routes a GEMM to the implementation of a kernel path.
enum GemmDispatch {
    static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
        path: KernelPath
    ) {
        switch path {
        case .portable:
            PortableGemm.multiply(m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA,
                                  b: b, ldb: ldb, transposeB: transposeB, c: c, ldc: ldc, accumulate: accumulate)
        case .avx2, .avx512:
            PortableGemm.multiply(m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA,
                                  b: b, ldb: ldb, transposeB: transposeB, c: c, ldc: ldc, accumulate: accumulate)
        }
    }

    /// `C = A·B + rowBias[i]` (per row of C), then ReLU if asked; A and B untransposed.
    static func multiplyWithEpilogue(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        rowBias: UnsafePointer<Float>?, relu: Bool, path: KernelPath
    ) {
        multiply(m: m, n: n, k: k, a: a, lda: lda, transposeA: false, b: b, ldb: ldb, transposeB: false,
                 c: c, ldc: ldc, accumulate: false, path: path)
        if rowBias == nil && !relu { return }
        for i in 0..<m {
            let row = c + i * ldc
            let add = rowBias?[i] ?? 0
            if relu {
                for j in 0..<n { row[j] = max(row[j] + add, 0) }
            } else {
                for j in 0..<n { row[j] += add }
            }
        }
    }
}
