/// Element-wise addition of two same-shape tensors (ONNX `Add` without broadcasting, residual
/// connections, gradient accumulation). Its backward passes the gradient to both inputs unchanged.
public enum Add {
    /// `output[i] = a[i] + b[i]` for `count` elements; `output` may alias `a` or `b`.
    public static func forward(
        count: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, path: KernelPath = .current
    ) {
        precondition(path.isSupported, "add: kernel path \(path) is not supported here")
        Elementwise.add(count: count, a: a, b: b, output: output, path: path)
    }

    /// The naive loop (the oracle for tests).
    public static func forwardReference(
        count: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<count { output[i] = a[i] + b[i] }
    }
}
