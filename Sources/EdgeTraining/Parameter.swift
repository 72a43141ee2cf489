import EdgeTensor

/// One trainable tensor: its value, the gradient of the current step, and the optimizer's
/// per-element state.
///
/// A reference type so layers and the optimizer share it. Not thread-safe.
public final class Parameter {
    /// The PyTorch `state_dict` name (`conv1.weight`, …).
    public let name: String
    /// Current value.
    public var value: Tensor<Float>
    /// ∂loss/∂value from the last backward pass (zero before the first).
    public var gradient: Tensor<Float>
    /// Adam's first and second moment estimates.
    var firstMoment: Tensor<Float>
    var secondMoment: Tensor<Float>
    /// Whether weight decay applies (true for conv/linear weights, false for biases and BN).
    public let decays: Bool

    public init(name: String, value: Tensor<Float>, decays: Bool) {
        self.name = name
        self.value = value.contiguous()
        self.decays = decays
        gradient = Tensor(shape: value.shape)
        firstMoment = Tensor(shape: value.shape)
        secondMoment = Tensor(shape: value.shape)
    }
}
