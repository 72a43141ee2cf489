import EdgeTensor

/// A Pad node's operands read once (opset 11+ form): `mode` (attribute), `pads` (a constant int64
/// input, begins then ends), the optional `constant_value` (a constant scalar) and `axes`
/// (opset 18+, a constant int64 input), expanded to one begin and end per axis of the input.
public struct PadAttributes: Sendable, Hashable {
    /// ONNX's mode name: `constant`, `reflect`, `edge` or `wrap`.
    public var mode: String
    /// Elements added before each axis of the input (negative crops).
    public var begins: [Int]
    /// Elements added after each axis of the input (negative crops).
    public var ends: [Int]
    /// The fill of constant mode.
    public var value: Float

    /// The modes ONNX defines.
    public static let modes = ["constant", "reflect", "edge", "wrap"]

    /// Reads `node`'s operands for an input of rank `rank`.
    /// - Throws: `GraphError` for an unknown mode, a computed pads/constant_value/axes operand,
    ///   a wrong pads count, an axis out of range or repeated, or a non-scalar value.
    public init(node: Node, graph: Graph, rank: Int) throws(GraphError) {
        mode = try node.string("mode", default: "constant")
        guard Self.modes.contains(mode) else {
            throw .attribute(node: node.label, name: "mode", problem: "'\(mode)' is not one of \(Self.modes)")
        }
        guard let padsName = node.input(1) else {
            throw .arity(node: node.label, problem: "input 1 (pads) is required")
        }
        guard let pads = graph.initializers[padsName]?.integerValues else {
            throw .notConstant(node: node.label, input: padsName)
        }
        var axes = Array(0..<rank)
        if let axesName = node.input(3) {
            guard let given = graph.initializers[axesName]?.integerValues else {
                throw .notConstant(node: node.label, input: axesName)
            }
            axes = []
            for axis in given {
                let normalized = axis < 0 ? axis + rank : axis
                guard (0..<rank).contains(normalized), !axes.contains(normalized) else {
                    throw .shape(
                        node: node.label, problem: "axes \(given) are out of range or repeated for rank \(rank)")
                }
                axes.append(normalized)
            }
        }
        guard pads.count == 2 * axes.count else {
            throw .shape(
                node: node.label, problem: "pads has \(pads.count) values, \(axes.count) axes need \(2 * axes.count)")
        }
        begins = [Int](repeating: 0, count: rank)
        ends = [Int](repeating: 0, count: rank)
        for (index, axis) in axes.enumerated() {
            begins[axis] = pads[index]
            ends[axis] = pads[axes.count + index]
        }
        value = 0
        if let valueName = node.input(2) {
            guard let data = graph.initializers[valueName] else {
                throw .notConstant(node: node.label, input: valueName)
            }
            guard let tensor = data.floatTensor, tensor.count == 1 else {
                throw .shape(node: node.label, problem: "constant_value must be a float32 scalar")
            }
            value = tensor.scalars[0]
        }
    }

    /// Whether the padding only adds zeros around the spatial dims of an NCHW tensor (what a
    /// convolution's own `pads` can express).
    public var isSpatialZeroPad: Bool {
        begins.count == 4 && mode == "constant" && value == 0 && begins[0...1] == [0, 0] && ends[0...1] == [0, 0]
            && (begins + ends).allSatisfy { $0 >= 0 }
    }
}
