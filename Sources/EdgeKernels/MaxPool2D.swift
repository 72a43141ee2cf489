/// Max pooling (PyTorch `MaxPool2d`, ONNX `MaxPool`) with the argmax its backward needs.
///
/// Padding positions never win (they act as −∞). Ties go to the first position in row-major
/// window order. `argmax[o]` is the winning input position *within its plane*,
/// `ih * inWidth + iw` (PyTorch's `return_indices` convention). No allocation.
public enum MaxPool2D {
    /// `output = maxpool(input)`; writes `argmax` (`outputCount` Int32) when non-nil.
    public static func forward(
        _ g: Pool2DGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        argmax: UnsafeMutablePointer<Int32>?, path: KernelPath = .current
    ) {
        precondition(path.isSupported, "maxpool: kernel path \(path) is not supported here")
        PoolFast.maxForward(g, input: input, output: output, argmax: argmax, path: path)
    }

    /// `inputGradient` (overwritten, `inputCount`) ← `outputGradient` routed to each argmax.
    public static func backward(
        _ g: Pool2DGeometry, outputGradient: UnsafePointer<Float>,
        argmax: UnsafePointer<Int32>, inputGradient: UnsafeMutablePointer<Float>,
        path: KernelPath = .current
    ) {
        precondition(path.isSupported, "maxpool: kernel path \(path) is not supported here")
        inputGradient.update(repeating: 0, count: g.inputCount)
        let inPlane = g.inHeight * g.inWidth
        let outPlane = g.outHeight * g.outWidth
        for plane in 0..<(g.batch * g.channels) {
            let dx = inputGradient + plane * inPlane
            let dy = outputGradient + plane * outPlane
            let idx = argmax + plane * outPlane
            for o in 0..<outPlane { dx[Int(idx[o])] += dy[o] }
        }
    }

    /// The naive forward (the oracle for tests).
    public static func forwardReference(
        _ g: Pool2DGeometry, input: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?
    ) {
        let inPlane = g.inHeight * g.inWidth
        let outPlane = g.outHeight * g.outWidth
        for plane in 0..<(g.batch * g.channels) {
            for oh in 0..<g.outHeight {
                for ow in 0..<g.outWidth {
                    var best = -Float.infinity
                    var bestIndex = -1
                    for kh in 0..<g.kernelHeight {
                        let ih = oh * g.strideHeight - g.padTop + kh
                        if ih < 0 || ih >= g.inHeight { continue }
                        for kw in 0..<g.kernelWidth {
                            let iw = ow * g.strideWidth - g.padLeft + kw
                            if iw < 0 || iw >= g.inWidth { continue }
                            let v = input[plane * inPlane + ih * g.inWidth + iw]
                            if v > best || bestIndex < 0 {
                                best = v
                                bestIndex = ih * g.inWidth + iw
                            }
                        }
                    }
                    output[plane * outPlane + oh * g.outWidth + ow] = best
                    argmax?[plane * outPlane + oh * g.outWidth + ow] = Int32(bestIndex)
                }
            }
        }
    }
}
