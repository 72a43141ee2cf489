/// The piecewise-linear sigmoid, `y = max(0, min(1, alpha·x + beta))` (ONNX `HardSigmoid`,
/// PyTorch `hardsigmoid` with alpha 1/6 and beta 0.5).
public enum HardSigmoid {
    /// ONNX's default slope.
    public static let defaultAlpha: Float = 0.2
    /// ONNX's default offset.
    public static let defaultBeta: Float = 0.5

    /// `output[i] = max(0, min(1, alpha·input[i] + beta))`; `output` may alias `input`
    /// (in place). A NaN input stays NaN (as numpy's `clip` in ONNX's reference).
    public static func forward(
        count: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        alpha: Float = defaultAlpha, beta: Float = defaultBeta
    ) {
        for i in 0..<count { output[i] = value(input[i], alpha: alpha, beta: beta) }
    }

    /// One element; comparisons with NaN are false, so NaN passes through.
    @inlinable
    public static func value(_ x: Float, alpha: Float, beta: Float) -> Float {
        let y = alpha * x + beta
        let raised = y < 0 ? 0 : y
        return raised > 1 ? 1 : raised
    }

    /// The naive version in double precision (the oracle for tests).
    public static func forwardReference(
        count: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, alpha: Float, beta: Float
    ) {
        for i in 0..<count {
            let y = Double(alpha) * Double(input[i]) + Double(beta)
            output[i] = y.isNaN ? .nan : Float(Swift.min(Swift.max(y, 0), 1))
        }
    }
}
