import EdgeTensor

/// What `Preprocessor.process(_:)` hands to the network.
public struct PreprocessResult: Sendable {
    /// The network input, shape `[1, 1, 28, 28]`, `(pixel / 255 − mean) / std`.
    public var tensor: Tensor<Float>
    /// The 28×28 gray image the tensor was made from: what the model sees (white ink on black).
    public var image: Image
    /// True when the input had no ink (blank or too little contrast); then `image` is black.
    public var isEmpty: Bool
    /// True when the input was already an MNIST-style digit and passed through unchanged.
    public var passedThrough: Bool

    public init(tensor: Tensor<Float>, image: Image, isEmpty: Bool, passedThrough: Bool) {
        self.tensor = tensor
        self.image = image
        self.isEmpty = isEmpty
        self.passedThrough = passedThrough
    }
}

/// Outcome of the allocation-free `Preprocessor.process(_:into:pixels:)`.
public struct PreprocessOutcome: Sendable, Equatable {
    /// True when the input had no ink; the outputs then hold a black image.
    public var isEmpty: Bool
    /// True when the input was already MNIST-like and was copied unchanged.
    public var passedThrough: Bool

    public init(isEmpty: Bool, passedThrough: Bool) {
        self.isEmpty = isEmpty
        self.passedThrough = passedThrough
    }
}
