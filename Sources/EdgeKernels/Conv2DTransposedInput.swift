/// The input gradient of a stride-1 convolution computed as another stride-1 convolution:
/// `∂input = conv(∂output, W')` with `W'[ci][co][kh][kw] = W[co][ci][K−1−kh][K−1−kw]` (channels
/// swapped within each group, kernel flipped) and padding `(K−1)·dilation − pad` on each side.
/// It runs on the implicit-GEMM forward path, so no im2col/col2im is needed.
struct Conv2DTransposedInput {
    let geometry: Conv2DGeometry
    /// The forward geometry whose output is the input gradient.
    let transposed: Conv2DGeometry

    /// Nil unless stride is 1 and every padding is at most `(K−1)·dilation`.
    init?(_ g: Conv2DGeometry) {
        let p = g.parameters
        guard p.strideHeight == 1, p.strideWidth == 1 else { return nil }
        let spanH = (g.kernelHeight - 1) * p.dilationHeight
        let spanW = (g.kernelWidth - 1) * p.dilationWidth
        let pads = (spanH - p.padTop, spanW - p.padLeft, spanH - p.padBottom, spanW - p.padRight)
        guard pads.0 >= 0, pads.1 >= 0, pads.2 >= 0, pads.3 >= 0 else { return nil }
        let parameters = Conv2DParameters(
            strideHeight: 1, strideWidth: 1, padTop: pads.0, padLeft: pads.1,
            padBottom: pads.2, padRight: pads.3, dilationHeight: p.dilationHeight,
            dilationWidth: p.dilationWidth, groups: p.groups)
        guard
            let t = try? Conv2DGeometry(
                batch: g.batch, inChannels: g.outChannels, inHeight: g.outHeight,
                inWidth: g.outWidth, outChannels: g.inChannels,
                kernelHeight: g.kernelHeight, kernelWidth: g.kernelWidth, parameters: parameters),
            t.outHeight == g.inHeight, t.outWidth == g.inWidth
        else { return nil }
        geometry = g
        transposed = t
    }

    /// Floats of scratch: the transformed weights, then the transposed forward's scratch.
    var scratchCount: Int { geometry.weightCount + transposed.forwardScratchCount }

    func backwardInput(
        weight: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>, path: KernelPath
    ) {
        let g = geometry
        let cinG = g.inChannelsPerGroup
        let coutG = g.outChannelsPerGroup
        let kh = g.kernelHeight
        let kw = g.kernelWidth
        let area = kh * kw
        let flipped = scratch
        for group in 0..<g.parameters.groups {
            for ci in 0..<cinG {
                for co in 0..<coutG {
                    let src = weight + ((group * coutG + co) * cinG + ci) * area
                    let dst = flipped + ((group * cinG + ci) * coutG + co) * area
                    for index in 0..<area { dst[index] = src[area - 1 - index] }
                }
            }
        }
        Conv2DGemm.forward(
            transposed, input: outputGradient, weight: flipped, bias: nil, output: inputGradient,
            scratch: scratch + g.weightCount, activation: .none, path: path)
    }
}
