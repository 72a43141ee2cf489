/// The complete shape of one 2-D convolution call: batch, channels, image and kernel sizes and
/// `Conv2DParameters`. Pointer-level conv kernels take it instead of tensors.
///
/// Layouts: input NCHW `[batch, inChannels, inHeight, inWidth]`, weight OIHW
/// `[outChannels, inChannels / groups, kernelHeight, kernelWidth]`, bias `[outChannels]`,
/// output NCHW `[batch, outChannels, outHeight, outWidth]`, all contiguous.
public struct Conv2DGeometry: Sendable, Hashable {
    public let batch: Int
    public let inChannels: Int
    public let inHeight: Int
    public let inWidth: Int
    public let outChannels: Int
    public let kernelHeight: Int
    public let kernelWidth: Int
    public let parameters: Conv2DParameters
    /// Output height: `(inHeight + padTop + padBottom - dilationHeight*(kernelHeight-1) - 1) / strideHeight + 1`.
    public let outHeight: Int
    /// Output width, same formula along the width.
    public let outWidth: Int

    /// Validates the combination.
    /// - Throws: `KernelError` when a size is not positive, channels do not divide by `groups`,
    ///   or the (padded) input is smaller than the dilated kernel.
    public init(
        batch: Int, inChannels: Int, inHeight: Int, inWidth: Int, outChannels: Int,
        kernelHeight: Int, kernelWidth: Int, parameters: Conv2DParameters = .init()
    ) throws(KernelError) {
        let p = parameters
        guard batch >= 1, inChannels >= 1, inHeight >= 1, inWidth >= 1, outChannels >= 1,
            kernelHeight >= 1, kernelWidth >= 1
        else {
            throw KernelError(
                "conv2d: sizes must be positive (batch \(batch), channels \(inChannels)->\(outChannels), "
                    + "image \(inHeight)x\(inWidth), kernel \(kernelHeight)x\(kernelWidth))")
        }
        guard p.strideHeight >= 1, p.strideWidth >= 1, p.dilationHeight >= 1, p.dilationWidth >= 1 else {
            throw KernelError("conv2d: stride and dilation must be >= 1")
        }
        guard p.padTop >= 0, p.padLeft >= 0, p.padBottom >= 0, p.padRight >= 0 else {
            throw KernelError("conv2d: padding must be >= 0")
        }
        guard p.groups >= 1, inChannels % p.groups == 0, outChannels % p.groups == 0 else {
            throw KernelError(
                "conv2d: \(inChannels) input and \(outChannels) output channels do not divide into \(p.groups) groups")
        }
        let spanH = p.dilationHeight * (kernelHeight - 1) + 1
        let spanW = p.dilationWidth * (kernelWidth - 1) + 1
        let paddedH = inHeight + p.padTop + p.padBottom
        let paddedW = inWidth + p.padLeft + p.padRight
        guard paddedH >= spanH, paddedW >= spanW else {
            throw KernelError(
                "conv2d: kernel \(kernelHeight)x\(kernelWidth) (dilated \(spanH)x\(spanW)) is larger than the padded input \(paddedH)x\(paddedW)"
            )
        }
        self.batch = batch
        self.inChannels = inChannels
        self.inHeight = inHeight
        self.inWidth = inWidth
        self.outChannels = outChannels
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.parameters = p
        self.outHeight = (paddedH - spanH) / p.strideHeight + 1
        self.outWidth = (paddedW - spanW) / p.strideWidth + 1
    }

    /// Input channels per group (the weight's second dimension).
    public var inChannelsPerGroup: Int { inChannels / parameters.groups }
    /// Output channels per group.
    public var outChannelsPerGroup: Int { outChannels / parameters.groups }
    /// Length of one im2col column: `inChannelsPerGroup * kernelHeight * kernelWidth`.
    public var patchSize: Int { inChannelsPerGroup * kernelHeight * kernelWidth }
    /// `outHeight * outWidth`.
    public var outSpatial: Int { outHeight * outWidth }
    /// `inHeight * inWidth`.
    public var inSpatial: Int { inHeight * inWidth }

    /// Elements in the input tensor.
    public var inputCount: Int { batch * inChannels * inSpatial }
    /// Elements in the output tensor.
    public var outputCount: Int { batch * outChannels * outSpatial }
    /// Elements in the weight tensor.
    public var weightCount: Int { outChannels * patchSize }

    /// Output shape `[batch, outChannels, outHeight, outWidth]`.
    public var outputDims: [Int] { [batch, outChannels, outHeight, outWidth] }

    /// Multiply-adds × 2 of the forward pass (bias and activation not counted).
    public var forwardFLOPs: Int { 2 * batch * outChannels * outSpatial * patchSize }

    /// True when the convolution reads the input directly as the GEMM operand (1×1 kernel,
    /// stride 1, no padding): no im2col buffer is needed.
    public var isPointwise: Bool {
        let p = parameters
        return kernelHeight == 1 && kernelWidth == 1 && p.strideHeight == 1 && p.strideWidth == 1
            && p.padTop == 0 && p.padLeft == 0 && p.padBottom == 0 && p.padRight == 0
    }

    /// Floats of scratch `Conv2D.forward` needs (0 when none): zero-padded input planes and a
    /// staging matrix for stride 1 (implicit GEMM), one padded im2col matrix otherwise.
    public var forwardScratchCount: Int {
        if isPointwise { return 0 }
        if patchSize >= Conv2DGemm.implicitMinimumPatch, let implicit = Conv2DImplicit(self) {
            return implicit.scratchCount
        }
        return patchSize * Self.paddedColumns(outSpatial)
    }

    /// Floats of scratch `Conv2D.backwardInput` needs: flipped weights plus the scratch of the
    /// equivalent stride-1 forward convolution, or one padded column-gradient matrix otherwise.
    public var backwardInputScratchCount: Int {
        if isPointwise { return 0 }
        if let transposed = Conv2DTransposedInput(self) { return transposed.scratchCount }
        return patchSize * Self.paddedColumns(outSpatial)
    }

    /// Floats of scratch `Conv2D.backwardWeight` needs: padded planes and staged gradients for
    /// stride 1, one padded im2col matrix otherwise.
    public var backwardWeightScratchCount: Int {
        if isPointwise { return 0 }
        if let implicit = Conv2DImplicit(self) { return implicit.backwardWeightScratchCount }
        return patchSize * Self.paddedColumns(outSpatial)
    }

    /// Columns of the im2col matrix rounded up so SIMD loads never leave it.
    static func paddedColumns(_ columns: Int) -> Int { (columns + 15) / 16 * 16 }
}
