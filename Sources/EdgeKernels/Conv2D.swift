/// 2-D convolution (cross-correlation, PyTorch `Conv2d` / ONNX `Conv`) forward and backward.
///
/// Layouts (all contiguous): input NCHW, weight OIHW `[outChannels, inChannels/groups, kH, kW]`,
/// bias `[outChannels]`, output NCHW; see `Conv2DGeometry`. The fast paths lower each image and
/// group to a GEMM: an implicit GEMM over zero-padded planes for stride 1, an im2col matrix
/// otherwise, both held in caller-provided scratch, so the pointer-level entry points never
/// allocate. Batches loop over images inside one call, reusing the scratch.
/// Single-threaded; distinct calls may run on distinct threads with distinct scratch.
public enum Conv2D {
    /// `output = activation(conv(input, weight) + bias + residual)`.
    /// - Parameters:
    ///   - bias: `[outChannels]` or nil for no bias.
    ///   - residual: nil, or `geometry.outputCount` floats added before the activation (a
    ///     ResNet shortcut fused into the epilogue); must not overlap `output`.
    ///   - scratch: at least `geometry.forwardScratchCount` floats (may be empty when that is 0);
    ///     contents on return are unspecified.
    ///   - output: `geometry.outputCount` floats, must not overlap the other buffers.
    ///   - path: a supported kernel path.
    public static func forward(
        _ geometry: Conv2DGeometry,
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, scratch: UnsafeMutableBufferPointer<Float>,
        residual: UnsafePointer<Float>? = nil, activation: FusedActivation = .none, path: KernelPath = .current
    ) {
        precondition(path.isSupported, "conv2d: kernel path \(path) is not supported here")
        precondition(
            scratch.count >= geometry.forwardScratchCount,
            "conv2d: scratch has \(scratch.count) floats, needs \(geometry.forwardScratchCount)")
        let native = residual == nil && activation.isNativeEpilogue
        Conv2DGemm.forward(
            geometry, input: input, weight: weight, bias: bias, output: output,
            scratch: scratch.baseAddress, activation: native ? activation : .none, path: path)
        if !native { activation.apply(count: geometry.outputCount, output: output, residual: residual) }
    }

    /// `inputGradient = ∂L/∂input` from `outputGradient = ∂L/∂output` (overwrites).
    /// - Parameters:
    ///   - scratch: at least `geometry.backwardInputScratchCount` floats.
    ///   - inputGradient: `geometry.inputCount` floats, must not overlap the other buffers.
    public static func backwardInput(
        _ geometry: Conv2DGeometry,
        weight: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>, scratch: UnsafeMutableBufferPointer<Float>,
        path: KernelPath = .current
    ) {
        precondition(path.isSupported, "conv2d: kernel path \(path) is not supported here")
        precondition(
            scratch.count >= geometry.backwardInputScratchCount,
            "conv2d: scratch has \(scratch.count) floats, needs \(geometry.backwardInputScratchCount)")
        Conv2DGemm.backwardInput(
            geometry, weight: weight, outputGradient: outputGradient,
            inputGradient: inputGradient, scratch: scratch.baseAddress, path: path)
    }

    /// `weightGradient = ∂L/∂weight` (summed over the batch) and optionally
    /// `biasGradient = ∂L/∂bias`.
    /// - Parameters:
    ///   - biasGradient: `[outChannels]` or nil to skip.
    ///   - scratch: at least `geometry.backwardWeightScratchCount` floats.
    ///   - accumulate: add to the gradients instead of overwriting them.
    public static func backwardWeight(
        _ geometry: Conv2DGeometry,
        input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>?,
        scratch: UnsafeMutableBufferPointer<Float>, accumulate: Bool = false,
        path: KernelPath = .current
    ) {
        precondition(path.isSupported, "conv2d: kernel path \(path) is not supported here")
        precondition(
            scratch.count >= geometry.backwardWeightScratchCount,
            "conv2d: scratch has \(scratch.count) floats, needs \(geometry.backwardWeightScratchCount)")
        Conv2DGemm.backwardWeight(
            geometry, input: input, outputGradient: outputGradient,
            weightGradient: weightGradient, biasGradient: biasGradient,
            scratch: scratch.baseAddress, accumulate: accumulate, path: path)
    }
}
