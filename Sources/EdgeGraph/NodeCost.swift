/// Parameter and arithmetic cost of one node.
public struct NodeCost: Sendable, Hashable {
    public var node: String
    public var op: OpType
    /// Type of the node's first output.
    public var output: TensorType
    /// Elements of learned constants the node consumes (see `Graph.cost()`).
    public var parameters: Int
    /// Multiply-accumulates of its convolutions and matrix products.
    public var macs: Int
    /// `2 × macs`.
    public var flops: Int { 2 * macs }
}
