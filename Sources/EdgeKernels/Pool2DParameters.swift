/// Kernel size, stride and padding of a 2-D pooling window (floor output size).
public struct Pool2DParameters: Sendable, Hashable {
    public var kernelHeight: Int
    public var kernelWidth: Int
    public var strideHeight: Int
    public var strideWidth: Int
    public var padTop: Int
    public var padLeft: Int
    public var padBottom: Int
    public var padRight: Int

    /// Square kernel; stride defaults to the kernel size (PyTorch's default); symmetric padding.
    public init(kernel: Int, stride: Int? = nil, padding: Int = 0) {
        self.init(
            kernelHeight: kernel, kernelWidth: kernel, strideHeight: stride ?? kernel,
            strideWidth: stride ?? kernel, padTop: padding, padLeft: padding,
            padBottom: padding, padRight: padding)
    }

    /// Every field explicitly (ONNX `pads` = [top, left, bottom, right]).
    public init(
        kernelHeight: Int, kernelWidth: Int, strideHeight: Int, strideWidth: Int,
        padTop: Int = 0, padLeft: Int = 0, padBottom: Int = 0, padRight: Int = 0
    ) {
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.padTop = padTop
        self.padLeft = padLeft
        self.padBottom = padBottom
        self.padRight = padRight
    }
}
