/// The sliding-window geometry of a 2-D Conv or pooling node, read from its ONNX attributes.
public struct WindowAttributes: Sendable, Hashable {
    /// Kernel height and width.
    public var kernel: (height: Int, width: Int) { (kernelShape[0], kernelShape[1]) }
    public var kernelShape: [Int]
    /// Vertical and horizontal stride.
    public var strides: [Int]
    /// Padding: top, left, bottom, right (ONNX order).
    public var pads: [Int]
    public var dilations: [Int]
    /// Round the output size up instead of down (pooling only).
    public var ceilMode: Bool

    public init(
        kernelShape: [Int], strides: [Int] = [1, 1], pads: [Int] = [0, 0, 0, 0],
        dilations: [Int] = [1, 1], ceilMode: Bool = false
    ) {
        self.kernelShape = kernelShape
        self.strides = strides
        self.pads = pads
        self.dilations = dilations
        self.ceilMode = ceilMode
    }

    /// Reads and checks `kernel_shape`, `strides`, `pads`, `dilations`, `ceil_mode`, `auto_pad`.
    /// - Parameter kernelShape: the kernel size implied by a weight tensor (Conv), used when the
    ///   attribute is absent and checked against it when present.
    /// - Throws: `GraphError.attribute` for a wrong length, non-positive value or unsupported mode.
    public init(node: Node, kernelShape implied: [Int]? = nil) throws(GraphError) {
        let kernelShape: [Int]
        if let implied {
            kernelShape = try node.ints("kernel_shape", default: implied)
            if kernelShape != implied {
                throw .attribute(
                    node: node.label, name: "kernel_shape",
                    problem: "is \(kernelShape) but the weight's kernel is \(implied)")
            }
        } else {
            kernelShape = try node.ints("kernel_shape")
        }
        let strides = try node.ints("strides", default: [1, 1])
        let pads = try node.ints("pads", default: [0, 0, 0, 0])
        let dilations = try node.ints("dilations", default: [1, 1])
        let ceilMode = try node.int("ceil_mode", default: 0)
        let autoPad = try node.string("auto_pad", default: "NOTSET")
        func check(_ name: String, _ values: [Int], count: Int, minimum: Int) throws(GraphError) {
            guard values.count == count else {
                throw .attribute(node: node.label, name: name, problem: "needs \(count) values for 2-D, got \(values)")
            }
            guard values.allSatisfy({ $0 >= minimum }) else {
                throw .attribute(node: node.label, name: name, problem: "values must be ≥ \(minimum), got \(values)")
            }
        }
        try check("kernel_shape", kernelShape, count: 2, minimum: 1)
        try check("strides", strides, count: 2, minimum: 1)
        try check("pads", pads, count: 4, minimum: 0)
        try check("dilations", dilations, count: 2, minimum: 1)
        guard autoPad == "NOTSET" || autoPad == "VALID" else {
            throw .attribute(
                node: node.label, name: "auto_pad",
                problem: "'\(autoPad)' is not supported (use explicit pads)")
        }
        guard ceilMode == 0 || ceilMode == 1 else {
            throw .attribute(node: node.label, name: "ceil_mode", problem: "must be 0 or 1, got \(ceilMode)")
        }
        self.init(
            kernelShape: kernelShape, strides: strides, pads: autoPad == "VALID" ? [0, 0, 0, 0] : pads,
            dilations: dilations, ceilMode: ceilMode == 1)
    }

    /// Output height and width for an input of `height` × `width`, or nil when the window does
    /// not fit.
    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int)? {
        func extent(_ input: Int, _ axis: Int) -> Int? {
            let padded = input + pads[axis] + pads[axis + 2]
            let span = dilations[axis] * (kernelShape[axis] - 1) + 1
            guard padded >= span else { return nil }
            let steps = padded - span
            let stride = strides[axis]
            var size = (ceilMode ? (steps + stride - 1) / stride : steps / stride) + 1
            // As in PyTorch/ONNX: with ceil_mode the last window must start inside the input or
            // left padding.
            if ceilMode && (size - 1) * stride >= input + pads[axis] { size -= 1 }
            return size
        }
        guard let h = extent(height, 0), let w = extent(width, 1) else { return nil }
        return (h, w)
    }
}
