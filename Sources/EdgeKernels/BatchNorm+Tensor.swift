import EdgeTensor

extension BatchNorm {
    /// `(batch, channels, spatial)` of an `[N, C, …]` input. - Throws: `KernelError` for rank < 2.
    static func sizes(_ shape: Shape) throws(KernelError) -> (Int, Int, Int) {
        guard shape.rank >= 2 else { throw KernelError("batchnorm: input has shape \(shape), expected [N, C, ...]") }
        return (shape[0], shape[1], shape.dims[2...].reduce(1, *))
    }

    static func requireChannels(_ channels: Int, _ named: [(String, Tensor<Float>)]) throws(KernelError) {
        for (name, tensor) in named { try requireShape("batchnorm", name, tensor.shape, [channels]) }
    }

    /// Allocating inference form. Parameters are `[channels]`.
    /// - Throws: `KernelError` on mismatched shapes.
    public static func inference(
        _ input: Tensor<Float>, scale: Tensor<Float>, bias: Tensor<Float>,
        mean: Tensor<Float>, variance: Tensor<Float>, epsilon: Float = 1e-5,
        path: KernelPath = .current
    ) throws(KernelError) -> Tensor<Float> {
        let (n, c, s) = try sizes(input.shape)
        try requireChannels(c, [("scale", scale), ("bias", bias), ("mean", mean), ("variance", variance)])
        return input.withPointer { x in
            scale.withPointer { g in
                bias.withPointer { b in
                    mean.withPointer { m in
                        variance.withPointer { v in
                            Tensor.filled(input.shape) { y in
                                inference(
                                    batch: n, channels: c, spatial: s, input: x, scale: g, bias: b, mean: m,
                                    variance: v, epsilon: epsilon, output: y, path: path)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Allocating training form; updates `runningMean` / `runningVariance` in place.
    /// - Throws: `KernelError` on mismatched shapes.
    public static func trainingForward(
        _ input: Tensor<Float>, scale: Tensor<Float>, bias: Tensor<Float>,
        runningMean: inout Tensor<Float>, runningVariance: inout Tensor<Float>,
        momentum: Float = 0.1, epsilon: Float = 1e-5,
        path: KernelPath = .current
    ) throws(KernelError) -> BatchNormStatistics {
        let (n, c, s) = try sizes(input.shape)
        try requireChannels(
            c,
            [
                ("scale", scale), ("bias", bias), ("running mean", runningMean),
                ("running variance", runningVariance),
            ])
        var output = Tensor<Float>(shape: input.shape)
        var mean = Tensor<Float>(shape: [c])
        var invStd = Tensor<Float>(shape: [c])
        input.withPointer { x in
            scale.withPointer { g in
                bias.withPointer { b in
                    output.withUnsafeMutableBufferPointer { y in
                        mean.withUnsafeMutableBufferPointer { m in
                            invStd.withUnsafeMutableBufferPointer { istd in
                                runningMean.withUnsafeMutableBufferPointer { rm in
                                    runningVariance.withUnsafeMutableBufferPointer { rv in
                                        trainingForward(
                                            batch: n, channels: c, spatial: s, input: x, scale: g, bias: b,
                                            epsilon: epsilon, output: y.baseAddress!,
                                            batchMean: m.baseAddress!, batchInvStd: istd.baseAddress!,
                                            runningMean: rm.baseAddress, runningVariance: rv.baseAddress,
                                            momentum: momentum, path: path)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return BatchNormStatistics(output: output, mean: mean, invStd: invStd)
    }

    /// Allocating backward of the training form.
    /// - Throws: `KernelError` on mismatched shapes.
    public static func backward(
        input: Tensor<Float>, outputGradient: Tensor<Float>, scale: Tensor<Float>,
        statistics: BatchNormStatistics,
        path: KernelPath = .current
    ) throws(KernelError) -> BatchNormGradients {
        let (n, c, s) = try sizes(input.shape)
        try requireShape("batchnorm", "output gradient", outputGradient.shape, input.shape.dims)
        try requireChannels(
            c, [("scale", scale), ("batch mean", statistics.mean), ("batch invStd", statistics.invStd)])
        var dx = Tensor<Float>(shape: input.shape)
        var dScale = Tensor<Float>(shape: [c])
        var dBias = Tensor<Float>(shape: [c])
        input.withPointer { x in
            outputGradient.withPointer { dy in
                scale.withPointer { g in
                    statistics.mean.withPointer { m in
                        statistics.invStd.withPointer { istd in
                            dx.withUnsafeMutableBufferPointer { dxp in
                                dScale.withUnsafeMutableBufferPointer { dg in
                                    dBias.withUnsafeMutableBufferPointer { db in
                                        backward(
                                            batch: n, channels: c, spatial: s, input: x, outputGradient: dy,
                                            scale: g, batchMean: m, batchInvStd: istd,
                                            inputGradient: dxp.baseAddress!, scaleGradient: dg.baseAddress!,
                                            biasGradient: db.baseAddress!, path: path)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return BatchNormGradients(input: dx, scale: dScale, bias: dBias)
    }
}
