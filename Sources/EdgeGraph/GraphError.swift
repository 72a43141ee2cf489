/// Why a graph is invalid. Each case names the node (as `name (Op)`) or value concerned, and
/// `description` is one line suitable for a command-line error.
public enum GraphError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Two nodes share a name.
    case duplicateNodeName(String)
    /// A value name is defined twice (graph input, initializer or node output).
    case duplicateValue(String, node: String?)
    /// A node reads a value that is not defined before it (nodes must be in topological order).
    case undefinedValue(String, node: String)
    /// A graph output is never produced.
    case undefinedGraphOutput(String)
    /// A node has the wrong number of inputs or outputs.
    case arity(node: String, problem: String)
    /// An attribute is missing, has the wrong kind, or an unusable value.
    case attribute(node: String, name: String, problem: String)
    /// Input shapes the operator cannot accept.
    case shape(node: String, problem: String)
    /// Input element types the operator cannot accept.
    case elementType(node: String, problem: String)
    /// An operand that must be a constant (initializer) is not.
    case notConstant(node: String, input: String)
    /// A graph output's declared type disagrees with what the graph computes.
    case outputType(String, declared: TensorType, inferred: TensorType)

    public var description: String {
        switch self {
        case .duplicateNodeName(let name):
            "two nodes are named '\(name)'"
        case .duplicateValue(let value, let node):
            "value '\(value)' is defined twice" + (node.map { " (again by node \($0))" } ?? "")
        case .undefinedValue(let value, let node):
            "node \(node): input '\(value)' is not defined by a graph input, an initializer or an earlier node"
        case .undefinedGraphOutput(let value):
            "graph output '\(value)' is not produced by any node"
        case .arity(let node, let problem):
            "node \(node): \(problem)"
        case .attribute(let node, let name, let problem):
            "node \(node): attribute '\(name)' \(problem)"
        case .shape(let node, let problem):
            "node \(node): \(problem)"
        case .elementType(let node, let problem):
            "node \(node): \(problem)"
        case .notConstant(let node, let input):
            "node \(node): input '\(input)' must be a constant initializer"
        case .outputType(let value, let declared, let inferred):
            "graph output '\(value)' is declared \(declared) but computes \(inferred)"
        }
    }
}
