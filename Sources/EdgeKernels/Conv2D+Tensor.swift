import EdgeTensor

extension Conv2D {
    /// The geometry of convolving an NCHW `input` shape with an OIHW `weight` shape.
    /// - Throws: `KernelError` when ranks, channel counts or sizes do not fit.
    public static func geometry(
        input: Shape, weight: Shape,
        parameters: Conv2DParameters = .init()
    ) throws(KernelError) -> Conv2DGeometry {
        try requireRank("conv2d", "input", input, 4)
        try requireRank("conv2d", "weight", weight, 4)
        guard weight[1] * parameters.groups == input[1] else {
            throw KernelError(
                "conv2d: input has \(input[1]) channels, weight \(weight) with \(parameters.groups) group(s) expects \(weight[1] * parameters.groups)"
            )
        }
        return try Conv2DGeometry(
            batch: input[0], inChannels: input[1], inHeight: input[2], inWidth: input[3],
            outChannels: weight[0], kernelHeight: weight[2], kernelWidth: weight[3],
            parameters: parameters)
    }

    /// Allocating forward: `conv(input, weight) + bias`, then `activation`.
    /// - Parameters:
    ///   - input: NCHW; weight: OIHW; bias: `[outChannels]` or nil.
    /// - Returns: NCHW output.
    /// - Throws: `KernelError` on mismatched shapes.
    public static func forward(
        _ input: Tensor<Float>, weight: Tensor<Float>, bias: Tensor<Float>?,
        parameters: Conv2DParameters = .init(), activation: FusedActivation = .none,
        path: KernelPath = .current
    ) throws(KernelError) -> Tensor<Float> {
        let g = try geometry(input: input.shape, weight: weight.shape, parameters: parameters)
        if let bias { try requireShape("conv2d", "bias", bias.shape, [g.outChannels]) }
        return withScratch(g.forwardScratchCount) { scratch in
            input.withPointer { x in
                weight.withPointer { w in
                    bias.withOptionalPointer { b in
                        Tensor.filled(Shape(g.outputDims)) { y in
                            forward(
                                g, input: x, weight: w, bias: b, output: y, scratch: scratch,
                                activation: activation, path: path)
                        }
                    }
                }
            }
        }
    }

    /// Allocating backward: weight and bias gradients, and the input gradient when
    /// `computeInputGradient` (skip it for a first layer).
    /// - Throws: `KernelError` when `outputGradient` does not have the forward output's shape.
    public static func backward(
        input: Tensor<Float>, weight: Tensor<Float>, outputGradient: Tensor<Float>,
        parameters: Conv2DParameters = .init(), computeInputGradient: Bool = true,
        path: KernelPath = .current
    ) throws(KernelError) -> Conv2DGradients {
        let g = try geometry(input: input.shape, weight: weight.shape, parameters: parameters)
        try requireShape("conv2d", "output gradient", outputGradient.shape, g.outputDims)
        let scratchCount = max(g.backwardWeightScratchCount, computeInputGradient ? g.backwardInputScratchCount : 0)
        return withScratch(scratchCount) { scratch in
            outputGradient.withPointer { dy in
                var biasGradient = Tensor<Float>(shape: [g.outChannels])
                let weightGradient = input.withPointer { x in
                    Tensor.filled(weight.shape) { dw in
                        biasGradient.withUnsafeMutableBufferPointer { db in
                            backwardWeight(
                                g, input: x, outputGradient: dy, weightGradient: dw,
                                biasGradient: db.baseAddress!, scratch: scratch, path: path)
                        }
                    }
                }
                let inputGradient: Tensor<Float>? =
                    computeInputGradient
                    ? weight.withPointer { w in
                        Tensor.filled(input.shape) { dx in
                            backwardInput(
                                g, weight: w, outputGradient: dy, inputGradient: dx, scratch: scratch, path: path)
                        }
                    }
                    : nil
                return Conv2DGradients(input: inputGradient, weight: weightGradient, bias: biasGradient)
            }
        }
    }
}
