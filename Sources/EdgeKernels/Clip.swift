/// Clamps every element to `[lower, upper]` (ONNX `Clip`, PyTorch `clamp`, ReLU6 as `[0, 6]`).
public enum Clip {
    /// `output[i] = min(max(input[i], lower), upper)`; `output` may alias `input` (in place).
    /// As in ONNX (and numpy's `clip`), `lower > upper` sets every element to `upper`; a NaN
    /// input stays NaN.
    public static func forward(
        count: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        lower: Float = -.infinity, upper: Float = .infinity
    ) {
        for i in 0..<count {
            let x = input[i]
            // Comparisons with NaN are false, so NaN passes through unchanged.
            let raised = x < lower ? lower : x
            output[i] = raised > upper ? upper : raised
        }
    }

    /// The naive version (the oracle for tests).
    public static func forwardReference(
        count: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        lower: Float, upper: Float
    ) {
        for i in 0..<count { output[i] = input[i].isNaN ? input[i] : Swift.min(Swift.max(input[i], lower), upper) }
    }
}
