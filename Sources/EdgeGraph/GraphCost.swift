/// Parameter and arithmetic cost of a whole graph, node by node.
public struct GraphCost: Sendable, Hashable {
    public var nodes: [NodeCost]
    public var parameters: Int { nodes.reduce(0) { $0 + $1.parameters } }
    public var macs: Int { nodes.reduce(0) { $0 + $1.macs } }
    public var flops: Int { nodes.reduce(0) { $0 + $1.flops } }
}
