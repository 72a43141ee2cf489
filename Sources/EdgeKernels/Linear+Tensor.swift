import EdgeTensor

extension Linear {
    /// `(batch, inFeatures, outFeatures)` for an input `[batch, in]` (or `[in]`, batch 1) and a
    /// weight `[out, in]`. - Throws: `KernelError` on mismatched shapes.
    static func sizes(input: Shape, weight: Shape) throws(KernelError) -> (Int, Int, Int) {
        try requireRank("linear", "weight", weight, 2)
        guard input.rank == 1 || input.rank == 2 else {
            throw KernelError("linear: input has shape \(input), expected [batch, \(weight[1])] or [\(weight[1])]")
        }
        let inFeatures = input.dims.last!
        guard inFeatures == weight[1] else {
            throw KernelError("linear: input has \(inFeatures) features, weight \(weight) expects \(weight[1])")
        }
        return (input.rank == 2 ? input[0] : 1, inFeatures, weight[0])
    }

    /// Allocating forward: `input · weightᵀ + bias`, then `activation`.
    /// - Returns: `[batch, outFeatures]` (or `[outFeatures]` for a rank-1 input).
    /// - Throws: `KernelError` on mismatched shapes.
    public static func forward(
        _ input: Tensor<Float>, weight: Tensor<Float>, bias: Tensor<Float>?,
        activation: FusedActivation = .none,
        path: KernelPath = .current
    ) throws(KernelError) -> Tensor<Float> {
        let (batch, inFeatures, outFeatures) = try sizes(input: input.shape, weight: weight.shape)
        if let bias { try requireShape("linear", "bias", bias.shape, [outFeatures]) }
        let shape: Shape = input.rank == 2 ? [batch, outFeatures] : [outFeatures]
        return input.withPointer { x in
            weight.withPointer { w in
                bias.withOptionalPointer { b in
                    Tensor.filled(shape) { y in
                        forward(
                            batch: batch, inFeatures: inFeatures, outFeatures: outFeatures, input: x,
                            weight: w, bias: b, output: y, activation: activation, path: path)
                    }
                }
            }
        }
    }

    /// Allocating backward (of the forward without activation).
    /// - Throws: `KernelError` when `outputGradient` does not have the forward output's shape.
    public static func backward(
        input: Tensor<Float>, weight: Tensor<Float>, outputGradient: Tensor<Float>,
        computeInputGradient: Bool = true,
        path: KernelPath = .current
    ) throws(KernelError) -> LinearGradients {
        let (batch, inFeatures, outFeatures) = try sizes(input: input.shape, weight: weight.shape)
        try requireShape(
            "linear", "output gradient", outputGradient.shape,
            input.rank == 2 ? [batch, outFeatures] : [outFeatures])
        var weightGradient = Tensor<Float>(shape: weight.shape)
        var biasGradient = Tensor<Float>(shape: [outFeatures])
        var inputGradient: Tensor<Float>? = computeInputGradient ? Tensor<Float>(shape: input.shape) : nil
        input.withPointer { x in
            weight.withPointer { w in
                outputGradient.withPointer { dy in
                    weightGradient.withUnsafeMutableBufferPointer { dw in
                        biasGradient.withUnsafeMutableBufferPointer { db in
                            let run = { (dx: UnsafeMutablePointer<Float>?) in
                                backward(
                                    batch: batch, inFeatures: inFeatures, outFeatures: outFeatures,
                                    input: x, weight: w, outputGradient: dy, inputGradient: dx,
                                    weightGradient: dw.baseAddress, biasGradient: db.baseAddress, path: path)
                            }
                            if inputGradient != nil {
                                inputGradient!.withUnsafeMutableBufferPointer { run($0.baseAddress) }
                            } else {
                                run(nil)
                            }
                        }
                    }
                }
            }
        }
        return LinearGradients(input: inputGradient, weight: weightGradient, bias: biasGradient)
    }
}
