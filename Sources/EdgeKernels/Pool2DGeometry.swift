/// The shape of one 2-D pooling call (max or average), floor output size like PyTorch's default.
///
/// Layout: input NCHW `[batch, channels, inHeight, inWidth]`, output NCHW
/// `[batch, channels, outHeight, outWidth]`, contiguous.
public struct Pool2DGeometry: Sendable, Hashable {
    public let batch: Int
    public let channels: Int
    public let inHeight: Int
    public let inWidth: Int
    public let kernelHeight: Int
    public let kernelWidth: Int
    public let strideHeight: Int
    public let strideWidth: Int
    public let padTop: Int
    public let padLeft: Int
    public let padBottom: Int
    public let padRight: Int
    /// `(inHeight + padTop + padBottom − kernelHeight) / strideHeight + 1`.
    public let outHeight: Int
    /// Same formula along the width.
    public let outWidth: Int

    /// Every field explicitly (ONNX `pads` = [top, left, bottom, right]).
    /// - Throws: `KernelError` when a size is not positive, a padding is negative or not smaller
    ///   than the kernel, or the padded input is smaller than the kernel.
    public init(
        batch: Int, channels: Int, inHeight: Int, inWidth: Int, kernelHeight: Int, kernelWidth: Int,
        strideHeight: Int, strideWidth: Int, padTop: Int = 0, padLeft: Int = 0,
        padBottom: Int = 0, padRight: Int = 0
    ) throws(KernelError) {
        guard batch >= 1, channels >= 1, inHeight >= 1, inWidth >= 1, kernelHeight >= 1, kernelWidth >= 1,
            strideHeight >= 1, strideWidth >= 1
        else {
            throw KernelError(
                "pool2d: sizes and strides must be positive (input \(batch)x\(channels)x\(inHeight)x\(inWidth), "
                    + "kernel \(kernelHeight)x\(kernelWidth), stride \(strideHeight)x\(strideWidth))")
        }
        guard [padTop, padBottom].allSatisfy({ $0 >= 0 && $0 < kernelHeight }),
            [padLeft, padRight].allSatisfy({ $0 >= 0 && $0 < kernelWidth })
        else {
            throw KernelError("pool2d: padding must be >= 0 and smaller than the kernel \(kernelHeight)x\(kernelWidth)")
        }
        let paddedH = inHeight + padTop + padBottom
        let paddedW = inWidth + padLeft + padRight
        guard paddedH >= kernelHeight, paddedW >= kernelWidth else {
            throw KernelError(
                "pool2d: kernel \(kernelHeight)x\(kernelWidth) is larger than the padded input \(paddedH)x\(paddedW)")
        }
        self.batch = batch
        self.channels = channels
        self.inHeight = inHeight
        self.inWidth = inWidth
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.padTop = padTop
        self.padLeft = padLeft
        self.padBottom = padBottom
        self.padRight = padRight
        self.outHeight = (paddedH - kernelHeight) / strideHeight + 1
        self.outWidth = (paddedW - kernelWidth) / strideWidth + 1
    }

    /// Square kernel, stride (default: the kernel size, PyTorch's default) and symmetric padding.
    public init(
        batch: Int, channels: Int, inHeight: Int, inWidth: Int, kernel: Int, stride: Int? = nil,
        padding: Int = 0
    ) throws(KernelError) {
        try self.init(
            batch: batch, channels: channels, inHeight: inHeight, inWidth: inWidth,
            kernelHeight: kernel, kernelWidth: kernel, strideHeight: stride ?? kernel,
            strideWidth: stride ?? kernel, padTop: padding, padLeft: padding,
            padBottom: padding, padRight: padding)
    }

    /// Builds the geometry of pooling an NCHW input with `parameters`.
    public init(
        batch: Int, channels: Int, inHeight: Int, inWidth: Int,
        parameters: Pool2DParameters
    ) throws(KernelError) {
        let p = parameters
        try self.init(
            batch: batch, channels: channels, inHeight: inHeight, inWidth: inWidth,
            kernelHeight: p.kernelHeight, kernelWidth: p.kernelWidth, strideHeight: p.strideHeight,
            strideWidth: p.strideWidth, padTop: p.padTop, padLeft: p.padLeft,
            padBottom: p.padBottom, padRight: p.padRight)
    }

    /// The kernel, stride and padding of this geometry.
    public var parameters: Pool2DParameters {
        Pool2DParameters(
            kernelHeight: kernelHeight, kernelWidth: kernelWidth, strideHeight: strideHeight,
            strideWidth: strideWidth, padTop: padTop, padLeft: padLeft, padBottom: padBottom,
            padRight: padRight)
    }

    /// Elements in the input.
    public var inputCount: Int { batch * channels * inHeight * inWidth }
    /// Elements in the output (and in the argmax of max pooling).
    public var outputCount: Int { batch * channels * outHeight * outWidth }
    /// Output shape `[batch, channels, outHeight, outWidth]`.
    public var outputDims: [Int] { [batch, channels, outHeight, outWidth] }
}
