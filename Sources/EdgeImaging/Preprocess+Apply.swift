import EdgeTensor

/// What ``Preprocess/prepare(_:)`` hands to the network.
public struct PreparedInput: Sendable {
    /// The input tensor, shape ``Preprocess/inputShape``.
    public var tensor: Tensor<Float>
    /// The `width × height` image (gray or RGB) the tensor was made from: what the model sees.
    public var image: Image
    /// Digit mode only: the picture had no ink (`empty_frame`); the tensor is then background.
    public var isEmpty: Bool

    public init(tensor: Tensor<Float>, image: Image, isEmpty: Bool) {
        self.tensor = tensor
        self.image = image
        self.isEmpty = isEmpty
    }
}

extension Preprocess {
    /// The network input for `image` (any ``Image/Format``).
    ///
    /// `digit` runs ``Preprocessor`` with this mean and std. `resize` converts to `channels`
    /// first (``Image/converted(to:background:)``: RGB → gray is BT.601 luma, gray → RGB
    /// replicates the value, alpha is composited onto `background`), stretches to `size` with
    /// ``ImageResize``, then writes `(p/255 − mean[c])/std[c]` plane by plane (NCHW, RGB order).
    /// Never empty in `resize` mode: a blank picture is a valid input there.
    public func prepare(_ image: Image, background: UInt8 = 255) -> PreparedInput {
        switch mode {
        case .digit:
            var options = PreprocessOptions()
            options.background = background
            options.mean = mean[0]
            options.std = std[0]
            let result = Preprocessor(options: options).process(image)
            return PreparedInput(tensor: result.tensor, image: result.image, isEmpty: result.isEmpty)
        case .resize:
            let converted = image.converted(to: channels.format, background: background)
            let sized = ImageResize.resize(converted, width: width, height: height, filter: resize)
            let planes = channels.count
            let pixels = width * height
            let scales = std.map { 1 / (255 * $0) }
            let offsets = zip(mean, std).map { $0 / $1 }
            let tensor = Tensor<Float>(shape: inputShape) { values in
                sized.pixels.withUnsafeBufferPointer { input in
                    for c in 0..<planes {
                        for i in 0..<pixels {
                            values[c * pixels + i] = Float(input[i * planes + c]) * scales[c] - offsets[c]
                        }
                    }
                }
            }
            return PreparedInput(tensor: tensor, image: sized, isEmpty: false)
        }
    }
}
