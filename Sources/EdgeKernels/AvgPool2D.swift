/// Average pooling (PyTorch `AvgPool2d`, ONNX `AveragePool`) and its backward.
///
/// `countIncludePad` chooses the divisor: the full kernel area (PyTorch's default, `true`) or
/// only the positions inside the image (ONNX's default, `false`). No allocation.
public enum AvgPool2D {
    /// `output = avgpool(input)`.
    public static func forward(
        _ g: Pool2DGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        countIncludePad: Bool = true, path: KernelPath = .current
    ) {
        precondition(path.isSupported, "avgpool: kernel path \(path) is not supported here")
        forwardReference(g, input: input, output: output, countIncludePad: countIncludePad)
    }

    /// `inputGradient` (overwritten) ← each output gradient spread evenly over its window.
    public static func backward(
        _ g: Pool2DGeometry, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>, countIncludePad: Bool = true,
        path: KernelPath = .current
    ) {
        precondition(path.isSupported, "avgpool: kernel path \(path) is not supported here")
        inputGradient.update(repeating: 0, count: g.inputCount)
        let inPlane = g.inHeight * g.inWidth
        let outPlane = g.outHeight * g.outWidth
        for plane in 0..<(g.batch * g.channels) {
            for oh in 0..<g.outHeight {
                for ow in 0..<g.outWidth {
                    let (h0, h1, w0, w1, divisor) = window(g, oh: oh, ow: ow, countIncludePad: countIncludePad)
                    let share = outputGradient[plane * outPlane + oh * g.outWidth + ow] / divisor
                    for ih in h0..<h1 {
                        for iw in w0..<w1 { inputGradient[plane * inPlane + ih * g.inWidth + iw] += share }
                    }
                }
            }
        }
    }

    /// The naive forward (the oracle for tests).
    public static func forwardReference(
        _ g: Pool2DGeometry, input: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, countIncludePad: Bool = true
    ) {
        let inPlane = g.inHeight * g.inWidth
        let outPlane = g.outHeight * g.outWidth
        for plane in 0..<(g.batch * g.channels) {
            for oh in 0..<g.outHeight {
                for ow in 0..<g.outWidth {
                    let (h0, h1, w0, w1, divisor) = window(g, oh: oh, ow: ow, countIncludePad: countIncludePad)
                    var sum: Float = 0
                    for ih in h0..<h1 {
                        for iw in w0..<w1 { sum += input[plane * inPlane + ih * g.inWidth + iw] }
                    }
                    output[plane * outPlane + oh * g.outWidth + ow] = sum / divisor
                }
            }
        }
    }

    /// The clipped window of one output position and its divisor.
    static func window(
        _ g: Pool2DGeometry, oh: Int, ow: Int,
        countIncludePad: Bool
    ) -> (Int, Int, Int, Int, Float) {
        let hs = oh * g.strideHeight - g.padTop
        let ws = ow * g.strideWidth - g.padLeft
        let he = min(hs + g.kernelHeight, g.inHeight + g.padBottom)
        let we = min(ws + g.kernelWidth, g.inWidth + g.padRight)
        let padded = (he - hs) * (we - ws)
        let h0 = max(hs, 0)
        let w0 = max(ws, 0)
        let h1 = min(he, g.inHeight)
        let w1 = min(we, g.inWidth)
        let divisor = countIncludePad ? padded : (h1 - h0) * (w1 - w0)
        return (h0, h1, w0, w1, Float(max(divisor, 1)))
    }
}
