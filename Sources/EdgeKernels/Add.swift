/// Element-wise addition (ONNX `Add` with numpy broadcasting, residual connections, gradient
/// accumulation). Its backward passes the gradient to both inputs unchanged.
public enum Add {
    /// `output[i] = a[i] + b[i]` for `count` elements; `output` may alias `a` or `b`.
    public static func forward(
        count: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, path: KernelPath = .current
    ) {
        precondition(path.isSupported, "add: kernel path \(path) is not supported here")
        Elementwise.add(count: count, a: a, b: b, output: output, path: path)
    }

    /// `output = a + b` broadcast as `geometry` says: `a` holds `geometry.a.elementCount`
    /// floats, `b` `geometry.b.elementCount`, `output` `geometry.outputCount`. No allocation.
    /// `output` may alias an operand only when `geometry.isElementwise`.
    public static func forward(
        _ geometry: BroadcastGeometry, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, path: KernelPath = .current
    ) {
        if geometry.isElementwise {
            return forward(count: geometry.outputCount, a: a, b: b, output: output, path: path)
        }
        precondition(path.isSupported, "add: kernel path \(path) is not supported here")
        geometry.apply(a: a, b: b, output: output) { $0 + $1 }
    }

    /// The naive loop (the oracle for tests).
    public static func forwardReference(
        count: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>
    ) {
        for i in 0..<count { output[i] = a[i] + b[i] }
    }

    /// The naive broadcast loop (the oracle for tests).
    public static func forwardReference(
        _ geometry: BroadcastGeometry, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>
    ) {
        geometry.applyReference(a: a, b: b, output: output) { $0 + $1 }
    }
}
