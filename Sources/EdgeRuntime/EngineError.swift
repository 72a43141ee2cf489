import EdgeGraph
import EdgeKernels

/// Why an engine cannot be built for a graph, or cannot run an input. `description` is one
/// line naming the node or input and the problem.
public enum EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The graph itself is invalid.
    case invalidGraph(GraphError)
    /// The graph is valid but uses something this engine does not implement.
    case unsupported(node: String, reason: String)
    /// An input is missing or has the wrong shape.
    case input(String)
    /// A kernel rejected its operands (a bug if the graph validated; reported, not trapped).
    case kernel(node: String, KernelError)
    /// This variant is not available from the factory.
    case unavailable(String)
    /// The network produced NaN or ±Inf (weights or input out of range); the frame fails as
    /// `non_finite_output`, never as a prediction.
    case nonFiniteOutput(output: String, index: Int, value: Float)

    public var description: String {
        switch self {
        case .invalidGraph(let error): "invalid graph: \(error)"
        case .unsupported(let node, let reason): "node \(node): \(reason)"
        case .input(let problem): "input: \(problem)"
        case .kernel(let node, let error): "node \(node): \(error)"
        case .unavailable(let reason): reason
        case .nonFiniteOutput(let output, let index, let value):
            "output '\(output)' is not finite (\(value) at class \(index)): the model's weights or input are out of range"
        }
    }
}
