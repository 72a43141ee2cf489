/// Linear forward on a fast path: a GEMM with B = weightᵀ (dot products along inFeatures).
enum LinearFast {
    static func forward(
        batch: Int, inFeatures: Int, outFeatures: Int,
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, activation: FusedActivation, path: KernelPath
    ) {
        Gemm.multiply(m: batch, n: outFeatures, k: inFeatures, a: input, lda: inFeatures,
                      b: weight, ldb: inFeatures, transposeB: true, c: output, ldc: outFeatures, path: path)
        if bias == nil && activation == .none { return }
        for b in 0..<batch {
            let row = output + b * outFeatures
            for o in 0..<outFeatures {
                let v = row[o] + (bias?[o] ?? 0)
                row[o] = activation == .relu ? max(v, 0) : v
            }
        }
    }
}
