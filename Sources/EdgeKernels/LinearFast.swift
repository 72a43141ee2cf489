#if canImport(EdgeKernelsAVX2)
    import EdgeKernelsAVX2
#endif
#if canImport(CEdgeAVX512)
    import CEdgeAVX512
#endif

/// Linear forward on a fast path: a GEMM with B = weightᵀ (dot products along inFeatures),
/// bias and activation applied in the epilogue (AVX-512: C 4x6 dot tiles; AVX2: Swift tiles).
enum LinearFast {
    static func forward(
        batch: Int, inFeatures: Int, outFeatures: Int,
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, activation: FusedActivation, path: KernelPath
    ) {
        if batch == 0 || outFeatures == 0 { return }
        switch path {
        case .avx512:
            #if canImport(CEdgeAVX512)
                edge_avx512_gemm_nt(
                    Int64(batch), Int64(outFeatures), Int64(inFeatures), input, Int64(inFeatures), weight,
                    Int64(inFeatures), nil, output, Int64(outFeatures), 0, bias, activation == .relu ? 1 : 0)
                return
            #else
                preconditionFailure("kernel path \(path) is not compiled into this build")
            #endif
        case .avx2:
            #if canImport(EdgeKernelsAVX2)
                edgeAVX2GemmNT(
                    m: batch, n: outFeatures, k: inFeatures, a: input, lda: inFeatures, b: weight,
                    ldb: inFeatures, c: output, ldc: outFeatures, accumulate: false, columnBias: bias,
                    relu: activation == .relu)
                return
            #else
                preconditionFailure("kernel path \(path) is not compiled into this build")
            #endif
        case .portable:
            break
        }
        Gemm.multiply(
            m: batch, n: outFeatures, k: inFeatures, a: input, lda: inFeatures,
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
