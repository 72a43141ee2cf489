import EdgeTensor

/// What `BatchNorm.trainingForward` (Tensor form) returns: the output and the batch statistics
/// `BatchNorm.backward` needs.
public struct BatchNormStatistics: Sendable {
    /// The normalised output, same shape as the input.
    public var output: Tensor<Float>
    /// Per-channel batch mean `[channels]`.
    public var mean: Tensor<Float>
    /// Per-channel `1 / sqrt(biasedVariance + ε)` `[channels]`.
    public var invStd: Tensor<Float>

    public init(output: Tensor<Float>, mean: Tensor<Float>, invStd: Tensor<Float>) {
        self.output = output
        self.mean = mean
        self.invStd = invStd
    }
}

/// The gradients `BatchNorm.backward` (Tensor form) returns.
public struct BatchNormGradients: Sendable {
    /// ∂L/∂input, same shape as the input.
    public var input: Tensor<Float>
    /// ∂L/∂scale (γ), `[channels]`.
    public var scale: Tensor<Float>
    /// ∂L/∂bias (β), `[channels]`.
    public var bias: Tensor<Float>

    public init(input: Tensor<Float>, scale: Tensor<Float>, bias: Tensor<Float>) {
        self.input = input
        self.scale = scale
        self.bias = bias
    }
}
