import EdgeGraph
import EdgeTensor

/// What a classifier takes and gives, read from its graph: one static NCHW float32 input of
/// batch 1 and one `[1, classes]` float32 output. Nothing else in the runtime assumes a size.
public struct ModelSignature: Sendable, Equatable, CustomStringConvertible {
    public let inputName: String
    /// `[1, C, H, W]`.
    public let inputShape: Shape
    public let outputName: String
    /// Number of logits the model writes.
    public let classCount: Int

    /// Elements of one input (`C·H·W`).
    public var inputCount: Int { inputShape.elementCount }

    public init(inputName: String, inputShape: Shape, outputName: String, classCount: Int) {
        self.inputName = inputName
        self.inputShape = inputShape
        self.outputName = outputName
        self.classCount = classCount
    }

    /// The signature of `graph` with static types `types` (from `Graph.inferTypes()`).
    /// - Throws: `EngineError.unsupported` naming the input or output that is not a batch-1
    ///   NCHW float32 image input or a `[1, classes]` float32 output.
    public init(graph: Graph, types: [String: TensorType]) throws(EngineError) {
        guard graph.inputs.count == 1 else {
            throw .unsupported(
                node: "graph", reason: "a classifier has one input, this graph has \(graph.inputs.count)")
        }
        guard graph.outputs.count == 1 else {
            throw .unsupported(
                node: "graph", reason: "a classifier has one output, this graph has \(graph.outputs.count)")
        }
        let input = graph.inputs[0]
        let inputLabel = "input '\(input.name)'"
        guard input.type.elementType == .float32 else {
            throw .unsupported(node: inputLabel, reason: "must be float32, is \(input.type.elementType)")
        }
        let shape = input.type.shape
        guard shape.rank == 4, shape[0] == 1, shape.dims.allSatisfy({ $0 > 0 }) else {
            throw .unsupported(node: inputLabel, reason: "must be a batch-1 NCHW image [1,C,H,W], is \(shape)")
        }
        let outputName = graph.outputs[0]
        guard let output = types[outputName] else {
            throw .unsupported(node: "output '\(outputName)'", reason: "has no static type")
        }
        guard output.elementType == .float32 else {
            throw .unsupported(node: "output '\(outputName)'", reason: "must be float32, is \(output.elementType)")
        }
        guard output.shape.rank == 2, output.shape[0] == 1, output.shape[1] > 0 else {
            throw .unsupported(node: "output '\(outputName)'", reason: "must be [1,classes], is \(output.shape)")
        }
        self.init(inputName: input.name, inputShape: shape, outputName: outputName, classCount: output.shape[1])
    }

    public var description: String { "\(inputName)\(inputShape) → \(outputName)[1,\(classCount)]" }
}
