#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The logistic function, `y = 1 / (1 + e^−x)` (ONNX `Sigmoid`).
public enum Sigmoid {
    /// `output[i] = 1 / (1 + exp(−input[i]))`; `output` may alias `input` (in place).
    /// Evaluated as `e^x / (1 + e^x)` for negative x, so no `exp` overflows to infinity.
    public static func forward(count: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            let x = input[i]
            if x >= 0 {
                output[i] = 1 / (1 + expf(-x))
            } else {
                let e = expf(x)
                output[i] = e / (1 + e)
            }
        }
    }

    /// The textbook formula in double precision (the oracle for tests).
    public static func forwardReference(count: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        for i in 0..<count { output[i] = Float(1 / (1 + exp(-Double(input[i])))) }
    }
}
