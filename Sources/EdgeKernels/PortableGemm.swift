/// GEMM in plain Swift (no CPU flags): the fallback path.
enum PortableGemm {
    static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        if !transposeB {
            // Row of C += a(i,p) * row p of B: unit-stride inner loop the compiler vectorises.
            for i in 0..<m {
                let cRow = c + i * ldc
                if !accumulate { cRow.update(repeating: 0, count: n) }
                for p in 0..<k {
                    let av = transposeA ? a[p * lda + i] : a[i * lda + p]
                    if av == 0 { continue }
                    let bRow = b + p * ldb
                    for j in 0..<n { cRow[j] += av * bRow[j] }
                }
            }
        } else {
            // Dot products along k; B^T rows are contiguous.
            for i in 0..<m {
                for j in 0..<n {
                    let bRow = b + j * ldb
                    var sum: Float = 0
                    if transposeA {
                        for p in 0..<k { sum += a[p * lda + i] * bRow[p] }
                    } else {
                        let aRow = a + i * lda
                        for p in 0..<k { sum += aRow[p] * bRow[p] }
                    }
                    c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum
                }
            }
        }
    }
}
