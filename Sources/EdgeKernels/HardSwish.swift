/// `y = x · max(0, min(1, x/6 + 1/2))` (ONNX `HardSwish`, PyTorch `hardswish`, MobileNetV3's
/// activation): x times ``HardSigmoid`` with alpha 1/6 and beta 1/2.
public enum HardSwish {
    /// The HardSigmoid slope HardSwish uses.
    public static let alpha: Float = 1 / 6
    /// The HardSigmoid offset HardSwish uses.
    public static let beta: Float = 0.5

    /// `output[i] = input[i] · max(0, min(1, input[i]/6 + 1/2))`; `output` may alias `input`.
    public static func forward(count: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        for i in 0..<count { output[i] = value(input[i]) }
    }

    /// One element (shared with the conv and linear epilogues).
    @inlinable
    public static func value(_ x: Float) -> Float { x * HardSigmoid.value(x, alpha: alpha, beta: beta) }

    /// The textbook formula in double precision (the oracle for tests).
    public static func forwardReference(count: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            let x = Double(input[i])
            output[i] = Float(x * Swift.max(0, Swift.min(1, x / 6 + 0.5)))
        }
    }
}
