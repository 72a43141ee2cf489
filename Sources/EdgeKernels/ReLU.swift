/// Rectified linear unit, `y = max(x, 0)`, and its gradient.
public enum ReLU {
    /// `output[i] = max(input[i], 0)`; `output` may alias `input` (in place).
    public static func forward(
        count: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        path: KernelPath = .current
    ) {
        precondition(path.isSupported, "relu: kernel path \(path) is not supported here")
        Elementwise.relu(count: count, input: input, output: output, path: path)
    }

    /// `inputGradient[i] = input[i] > 0 ? outputGradient[i] : 0`. `input` may be the forward
    /// input or its output (same sign pattern). `inputGradient` may alias `outputGradient`.
    public static func backward(
        count: Int, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>, path: KernelPath = .current
    ) {
        precondition(path.isSupported, "relu: kernel path \(path) is not supported here")
        Elementwise.reluBackward(
            count: count, input: input, outputGradient: outputGradient,
            inputGradient: inputGradient, path: path)
    }

    /// The naive forward (the oracle for tests).
    public static func forwardReference(count: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        for i in 0..<count { output[i] = input[i] > 0 ? input[i] : 0 }
    }

    /// The naive backward (the oracle for tests).
    public static func backwardReference(
        count: Int, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<count { inputGradient[i] = input[i] > 0 ? outputGradient[i] : 0 }
    }
}
