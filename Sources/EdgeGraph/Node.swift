/// One operation of a graph: an operator applied to named input values, producing named
/// output values.
///
/// Values are referred to by name; a name is defined exactly once in a graph (a graph input, an
/// initializer, or one node output). An empty input name marks an omitted optional input, as in
/// ONNX.
public struct Node: Sendable, Hashable {
    /// Unique within the graph; used in errors and reports (e.g. `conv1`).
    public var name: String
    public var op: OpType
    public var inputs: [String]
    public var outputs: [String]
    public var attributes: [String: Attribute]

    public init(
        name: String, op: OpType, inputs: [String], outputs: [String],
        attributes: [String: Attribute] = [:]
    ) {
        self.name = name
        self.op = op
        self.inputs = inputs
        self.outputs = outputs
        self.attributes = attributes
    }

    /// The input at `index`, or nil when absent or omitted (empty name).
    public func input(_ index: Int) -> String? {
        index < inputs.count && !inputs[index].isEmpty ? inputs[index] : nil
    }

    /// How errors and reports name this node: `conv1 (Conv)`.
    public var label: String { "\(name.isEmpty ? "<unnamed>" : name) (\(op))" }
}
