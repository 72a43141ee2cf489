import EdgeTensor

/// The gradients `Linear.backward` returns.
public struct LinearGradients: Sendable {
    /// ∂L/∂input, same shape as the forward input; nil when not requested.
    public var input: Tensor<Float>?
    /// ∂L/∂weight, `[outFeatures, inFeatures]`.
    public var weight: Tensor<Float>
    /// ∂L/∂bias, `[outFeatures]`.
    public var bias: Tensor<Float>

    public init(input: Tensor<Float>?, weight: Tensor<Float>, bias: Tensor<Float>) {
        self.input = input
        self.weight = weight
        self.bias = bias
    }
}
