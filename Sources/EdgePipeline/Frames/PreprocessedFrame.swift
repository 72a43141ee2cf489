import EdgeTensor

/// A frame ready for the network: output of preprocess, input of inference.
public struct PreprocessedFrame: FrameCarrying {
    public var info: FrameInfo
    /// `[1,1,28,28]` normalized input.
    public var tensor: Tensor<Float>

    public init(info: FrameInfo, tensor: Tensor<Float>) {
        self.info = info
        self.tensor = tensor
    }
}
