import EdgeGraph

/// One Conv, Gemm or MatMul the quantizer rewrote: int8 weights per output channel, an int32
/// bias, its activation input and output quantized per tensor.
public struct QuantizedLayer: Sendable, Equatable {
    /// The Conv/Gemm/MatMul node.
    public var node: String
    public var op: OpType
    /// A ReLU folded into the layer's output range (its output is what gets quantized).
    public var fusedActivation: String?
    /// The activation the layer reads, in the float graph.
    public var input: String
    /// The layer's output in the float graph (the ReLU's when fused).
    public var output: String
    /// Whether ``output`` is quantized (a graph output, the logits, stays float).
    public var outputQuantized: Bool
    /// One symmetric int8 scale per output channel (zero point 0).
    public var weightScales: [Float]
    /// The weight's channel axis in its initializer.
    public var weightAxis: Int
    /// Whether the bias became int32 with scale `input scale · weight scale`.
    public var biasQuantized: Bool
}
