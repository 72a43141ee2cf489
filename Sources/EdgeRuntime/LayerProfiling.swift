import EdgeGraph
import EdgeTensor

/// One unit a compiled model runs and a profile times: a plan step of the frozen engine (one or
/// more fused graph nodes) or one node of the eager interpreter.
public struct LayerInfo: Sendable, Equatable {
    /// The step's name: its nodes joined by `+` (`conv1+relu1`).
    public var name: String
    /// Their operators joined the same way (`Conv+Relu`).
    public var op: String
    /// The graph nodes this layer computes, in order (one unless fused).
    public var fused: [String]
    /// Shape of what the layer writes.
    public var shape: Shape
    /// Floating-point operations of its nodes (`Graph.cost()`: a multiply-add is 2).
    public var flops: Int

    public init(name: String, op: String, fused: [String], shape: Shape, flops: Int) {
        self.name = name
        self.op = op
        self.fused = fused
        self.shape = shape
        self.flops = flops
    }
}

/// A context that can time every layer of a prediction (`edge bench --profile`), as
/// onnxruntime's `-p`, TFLite's `--enable_op_profiling` and OpenVINO's `-pc` do.
public protocol LayerProfiling: ExecutionContext {
    /// The layers a prediction runs, in order.
    var layers: [LayerInfo] { get }
    /// One prediction as ``ExecutionContext/predict(input:logits:)``, writing each layer's
    /// wall time to `nanoseconds` (`layers.count` entries), read with `clock` right around the
    /// layer. Adds no allocation to the engine's own.
    func predictProfiled(
        input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>,
        nanoseconds: UnsafeMutableBufferPointer<UInt64>, clock: () -> UInt64
    ) throws(EngineError)
}

extension Graph {
    /// FLOPs of each node by name (0 for a node the cost model does not count).
    func flopsByNode() -> [String: Int] {
        guard let cost = try? cost() else { return [:] }
        return Dictionary(cost.nodes.map { ($0.node, $0.flops) }, uniquingKeysWith: +)
    }
}
