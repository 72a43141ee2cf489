import EdgeGraph

/// What ``PostTrainingQuantizer/quantize(_:calibration:)`` made: the QDQ graph and every
/// choice behind it.
public struct QuantizationResult: Sendable {
    /// The float graph that was quantized.
    public let source: Graph
    /// The QDQ graph.
    public let graph: Graph
    public let layers: [QuantizedLayer]
    /// Every quantized activation, in graph order.
    public let activations: [ActivationQuantization]
    public let method: CalibrationMethod
    public let calibrationCount: Int

    /// The parameters of the activation `tensor` of the float graph, if it is quantized.
    public func activation(_ tensor: String) -> ActivationQuantization? {
        activations.first { $0.tensor == tensor }
    }
}
