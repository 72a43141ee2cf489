/// Stride, padding, dilation and groups of a 2-D convolution (PyTorch / ONNX semantics).
///
/// Padding may be asymmetric (ONNX `pads` = [top, left, bottom, right]). `groups` splits input
/// and output channels into that many independent convolutions; `groups == inChannels ==
/// outChannels` is a depthwise convolution.
public struct Conv2DParameters: Sendable, Hashable {
    public var strideHeight: Int
    public var strideWidth: Int
    public var padTop: Int
    public var padLeft: Int
    public var padBottom: Int
    public var padRight: Int
    public var dilationHeight: Int
    public var dilationWidth: Int
    public var groups: Int

    /// Square stride, symmetric padding and square dilation.
    public init(stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1) {
        self.init(
            strideHeight: stride, strideWidth: stride, padTop: padding, padLeft: padding,
            padBottom: padding, padRight: padding, dilationHeight: dilation,
            dilationWidth: dilation, groups: groups)
    }

    /// Every field explicitly.
    public init(
        strideHeight: Int, strideWidth: Int, padTop: Int, padLeft: Int, padBottom: Int, padRight: Int,
        dilationHeight: Int, dilationWidth: Int, groups: Int
    ) {
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.padTop = padTop
        self.padLeft = padLeft
        self.padBottom = padBottom
        self.padRight = padRight
        self.dilationHeight = dilationHeight
        self.dilationWidth = dilationWidth
        self.groups = groups
    }
}
