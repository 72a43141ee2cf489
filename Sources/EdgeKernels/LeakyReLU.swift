/// Leaky rectified linear unit, `y = x ≥ 0 ? x : alpha·x` (ONNX `LeakyRelu`, PyTorch
/// `LeakyReLU(negative_slope)`).
public enum LeakyReLU {
    /// ONNX's and PyTorch's default slope for negative inputs.
    public static let defaultAlpha: Float = 0.01

    /// `output[i] = input[i] ≥ 0 ? input[i] : alpha · input[i]`; `output` may alias `input`.
    public static func forward(
        count: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        alpha: Float = defaultAlpha
    ) {
        for i in 0..<count {
            let x = input[i]
            output[i] = x < 0 ? alpha * x : x
        }
    }

    /// The naive version (the oracle for tests).
    public static func forwardReference(
        count: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, alpha: Float
    ) {
        for i in 0..<count { output[i] = input[i] >= 0 ? input[i] : alpha * input[i] }
    }
}
