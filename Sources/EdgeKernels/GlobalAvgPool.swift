/// Global average pooling: the mean of each `[spatial]` plane of `[batch, channels, spatial]`
/// (PyTorch `AdaptiveAvgPool2d(1)`, ONNX `GlobalAveragePool`). Output `[batch, channels]`.
public enum GlobalAvgPool {
    /// `output[n, c] = mean(input[n, c, :])`.
    public static func forward(
        batch: Int, channels: Int, spatial: Int, input: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, path: KernelPath = .current
    ) {
        precondition(path.isSupported, "globalavgpool: kernel path \(path) is not supported here")
        let scale = 1 / Float(spatial)
        for plane in 0..<(batch * channels) {
            output[plane] = Elementwise.sum(input + plane * spatial, count: spatial, path: path) * scale
        }
    }

    /// `inputGradient[n, c, s] = outputGradient[n, c] / spatial` (overwrites).
    public static func backward(
        batch: Int, channels: Int, spatial: Int, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>, path: KernelPath = .current
    ) {
        precondition(path.isSupported, "globalavgpool: kernel path \(path) is not supported here")
        for plane in 0..<(batch * channels) {
            (inputGradient + plane * spatial).update(repeating: outputGradient[plane] / Float(spatial), count: spatial)
        }
    }

    /// The naive forward (the oracle for tests).
    public static func forwardReference(
        batch: Int, channels: Int, spatial: Int, input: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>
    ) {
        for plane in 0..<(batch * channels) {
            var sum: Double = 0
            for s in 0..<spatial { sum += Double(input[plane * spatial + s]) }
            output[plane] = Float(sum / Double(spatial))
        }
    }
}
