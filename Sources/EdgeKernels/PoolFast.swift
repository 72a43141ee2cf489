#if canImport(EdgeKernelsAVX2)
    import EdgeKernelsAVX2
#endif
#if canImport(CEdgeAVX512)
    import CEdgeAVX512
#endif

/// Pooling loops on the fast paths: 2×2 stride-2 unpadded max pooling (every CNN's
/// down-sampling step) is vectorised; other windows use the reference loops.
enum PoolFast {
    static func maxForward(
        _ g: Pool2DGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        argmax: UnsafeMutablePointer<Int32>?, path: KernelPath
    ) {
        #if canImport(EdgeKernelsAVX2)
            let simple =
                g.kernelHeight == 2 && g.kernelWidth == 2 && g.strideHeight == 2 && g.strideWidth == 2
                && g.padTop == 0 && g.padLeft == 0 && g.padBottom == 0 && g.padRight == 0
            #if canImport(CEdgeAVX512)
                if path == .avx512 && simple {
                    edge_avx512_maxpool2x2(
                        Int64(g.batch * g.channels), Int64(g.inHeight), Int64(g.inWidth), input, output,
                        argmax)
                    return
                }
            #endif
            if path != .portable && simple {
                edgeAVX2MaxPool2x2(
                    planes: g.batch * g.channels, inHeight: g.inHeight, inWidth: g.inWidth,
                    input: input, output: output, argmax: argmax)
                return
            }
        #endif
        MaxPool2D.forwardReference(g, input: input, output: output, argmax: argmax)
    }
}
