/// Single-precision matrix multiply: `C = op(A) · op(B)` or `C += op(A) · op(B)`.
///
/// All matrices are row-major with a leading dimension (elements between rows). `op(A)` is
/// `m × k`: element `(i, p)` is `a[i*lda + p]`, or `a[p*lda + i]` when `transposeA`. `op(B)` is
/// `k × n`: element `(p, j)` is `b[p*ldb + j]`, or `b[j*ldb + p]` when `transposeB`. `C` is `m × n`
/// at `c[i*ldc + j]`. Nothing is allocated; single-threaded; `C` must not overlap `A` or `B`.
public enum Gemm {
    /// `C (+)= op(A) · op(B)` on the chosen path.
    /// - Parameters:
    ///   - accumulate: add to `C` instead of overwriting it.
    ///   - path: must be supported (`path.isSupported`).
    public static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false,
        path: KernelPath = .current
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "gemm: negative size")
        precondition(path.isSupported, "gemm: kernel path \(path) is not supported here")
        if m == 0 || n == 0 { return }
        if k == 0 {
            if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            return
        }
        GemmDispatch.multiply(
            m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA,
            b: b, ldb: ldb, transposeB: transposeB, c: c, ldc: ldc,
            accumulate: accumulate, path: path)
    }

    /// The naive triple loop (the oracle for tests), same contract as `multiply`.
    public static func reference(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool = false,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool = false,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false
    ) {
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = 0
                for p in 0..<k {
                    let av = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let bv = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += av * bv
                }
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum
            }
        }
    }
}
