import EdgeTensor

/// The gradients `Conv2D.backward` returns.
public struct Conv2DGradients: Sendable {
    /// ∂L/∂input, NCHW; nil when not requested.
    public var input: Tensor<Float>?
    /// ∂L/∂weight, OIHW, summed over the batch.
    public var weight: Tensor<Float>
    /// ∂L/∂bias, `[outChannels]`.
    public var bias: Tensor<Float>

    public init(input: Tensor<Float>?, weight: Tensor<Float>, bias: Tensor<Float>) {
        self.input = input
        self.weight = weight
        self.bias = bias
    }
}
