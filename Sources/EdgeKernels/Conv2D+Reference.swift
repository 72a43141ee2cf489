extension Conv2D {
    /// The naive direct convolution (the oracle for tests); same contract as `forward`, no scratch.
    public static func forwardReference(
        _ g: Conv2DGeometry,
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>? = nil,
        activation: FusedActivation = .none
    ) {
        let p = g.parameters
        let cinG = g.inChannelsPerGroup
        let coutG = g.outChannelsPerGroup
        for n in 0..<g.batch {
            for co in 0..<g.outChannels {
                let group = co / coutG
                for oh in 0..<g.outHeight {
                    for ow in 0..<g.outWidth {
                        var sum: Float = bias?[co] ?? 0
                        for ci in 0..<cinG {
                            let cIn = group * cinG + ci
                            for kh in 0..<g.kernelHeight {
                                let ih = oh * p.strideHeight - p.padTop + kh * p.dilationHeight
                                if ih < 0 || ih >= g.inHeight { continue }
                                for kw in 0..<g.kernelWidth {
                                    let iw = ow * p.strideWidth - p.padLeft + kw * p.dilationWidth
                                    if iw < 0 || iw >= g.inWidth { continue }
                                    let x = input[((n * g.inChannels + cIn) * g.inHeight + ih) * g.inWidth + iw]
                                    let w = weight[((co * cinG + ci) * g.kernelHeight + kh) * g.kernelWidth + kw]
                                    sum += x * w
                                }
                            }
                        }
                        let index = ((n * g.outChannels + co) * g.outHeight + oh) * g.outWidth + ow
                        output[index] = activation(sum + (residual?[index] ?? 0))
                    }
                }
            }
        }
    }

    /// The naive input gradient (the oracle for tests); same contract as `backwardInput`.
    public static func backwardInputReference(
        _ g: Conv2DGeometry,
        weight: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>
    ) {
        let p = g.parameters
        let cinG = g.inChannelsPerGroup
        let coutG = g.outChannelsPerGroup
        inputGradient.update(repeating: 0, count: g.inputCount)
        for n in 0..<g.batch {
            for co in 0..<g.outChannels {
                let group = co / coutG
                for oh in 0..<g.outHeight {
                    for ow in 0..<g.outWidth {
                        let dy = outputGradient[((n * g.outChannels + co) * g.outHeight + oh) * g.outWidth + ow]
                        for ci in 0..<cinG {
                            let cIn = group * cinG + ci
                            for kh in 0..<g.kernelHeight {
                                let ih = oh * p.strideHeight - p.padTop + kh * p.dilationHeight
                                if ih < 0 || ih >= g.inHeight { continue }
                                for kw in 0..<g.kernelWidth {
                                    let iw = ow * p.strideWidth - p.padLeft + kw * p.dilationWidth
                                    if iw < 0 || iw >= g.inWidth { continue }
                                    let w = weight[((co * cinG + ci) * g.kernelHeight + kh) * g.kernelWidth + kw]
                                    inputGradient[((n * g.inChannels + cIn) * g.inHeight + ih) * g.inWidth + iw] +=
                                        dy * w
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The naive weight and bias gradients (the oracle for tests); same contract as `backwardWeight`.
    public static func backwardWeightReference(
        _ g: Conv2DGeometry,
        input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>?,
        accumulate: Bool = false
    ) {
        let p = g.parameters
        let cinG = g.inChannelsPerGroup
        let coutG = g.outChannelsPerGroup
        if !accumulate {
            weightGradient.update(repeating: 0, count: g.weightCount)
            biasGradient?.update(repeating: 0, count: g.outChannels)
        }
        for n in 0..<g.batch {
            for co in 0..<g.outChannels {
                let group = co / coutG
                for oh in 0..<g.outHeight {
                    for ow in 0..<g.outWidth {
                        let dy = outputGradient[((n * g.outChannels + co) * g.outHeight + oh) * g.outWidth + ow]
                        biasGradient?[co] += dy
                        for ci in 0..<cinG {
                            let cIn = group * cinG + ci
                            for kh in 0..<g.kernelHeight {
                                let ih = oh * p.strideHeight - p.padTop + kh * p.dilationHeight
                                if ih < 0 || ih >= g.inHeight { continue }
                                for kw in 0..<g.kernelWidth {
                                    let iw = ow * p.strideWidth - p.padLeft + kw * p.dilationWidth
                                    if iw < 0 || iw >= g.inWidth { continue }
                                    let x = input[((n * g.inChannels + cIn) * g.inHeight + ih) * g.inWidth + iw]
                                    weightGradient[((co * cinG + ci) * g.kernelHeight + kh) * g.kernelWidth + kw] +=
                                        dy * x
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
