extension BatchNorm {
    /// The naive inference form (the oracle for tests).
    public static func inferenceReference(
        batch: Int, channels: Int, spatial: Int,
        input: UnsafePointer<Float>, scale: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        mean: UnsafePointer<Float>, variance: UnsafePointer<Float>, epsilon: Float = 1e-5,
        output: UnsafeMutablePointer<Float>
    ) {
        for n in 0..<batch {
            for c in 0..<channels {
                for s in 0..<spatial {
                    let i = (n * channels + c) * spatial + s
                    output[i] = (input[i] - mean[c]) / (variance[c] + epsilon).squareRoot() * scale[c] + bias[c]
                }
            }
        }
    }

    /// The naive training form in Double (the oracle for tests); same contract as `trainingForward`.
    public static func trainingForwardReference(
        batch: Int, channels: Int, spatial: Int,
        input: UnsafePointer<Float>, scale: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        epsilon: Float = 1e-5, output: UnsafeMutablePointer<Float>,
        batchMean: UnsafeMutablePointer<Float>, batchInvStd: UnsafeMutablePointer<Float>,
        runningMean: UnsafeMutablePointer<Float>?, runningVariance: UnsafeMutablePointer<Float>?,
        momentum: Float = 0.1
    ) {
        let count = batch * spatial
        for c in 0..<channels {
            var values = [Double]()
            for n in 0..<batch {
                for s in 0..<spatial { values.append(Double(input[(n * channels + c) * spatial + s])) }
            }
            let mean = values.reduce(0, +) / Double(count)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(count)
            let invStd = 1 / (variance + Double(epsilon)).squareRoot()
            batchMean[c] = Float(mean)
            batchInvStd[c] = Float(invStd)
            for n in 0..<batch {
                for s in 0..<spatial {
                    let i = (n * channels + c) * spatial + s
                    output[i] = Float((Double(input[i]) - mean) * invStd * Double(scale[c]) + Double(bias[c]))
                }
            }
            runningMean?[c] = (1 - momentum) * runningMean![c] + momentum * Float(mean)
            let unbiased = count > 1 ? variance * Double(count) / Double(count - 1) : variance
            runningVariance?[c] = (1 - momentum) * runningVariance![c] + momentum * Float(unbiased)
        }
    }

    /// The naive backward in Double (the oracle for tests); same contract as `backward`.
    public static func backwardReference(
        batch: Int, channels: Int, spatial: Int,
        input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>, scale: UnsafePointer<Float>,
        batchMean: UnsafePointer<Float>, batchInvStd: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>, scaleGradient: UnsafeMutablePointer<Float>,
        biasGradient: UnsafeMutablePointer<Float>
    ) {
        let count = Double(batch * spatial)
        for c in 0..<channels {
            let mean = Double(batchMean[c])
            let invStd = Double(batchInvStd[c])
            var sumDy = 0.0
            var sumDyXhat = 0.0
            for n in 0..<batch {
                for s in 0..<spatial {
                    let i = (n * channels + c) * spatial + s
                    sumDy += Double(outputGradient[i])
                    sumDyXhat += Double(outputGradient[i]) * (Double(input[i]) - mean) * invStd
                }
            }
            biasGradient[c] = Float(sumDy)
            scaleGradient[c] = Float(sumDyXhat)
            for n in 0..<batch {
                for s in 0..<spatial {
                    let i = (n * channels + c) * spatial + s
                    let xhat = (Double(input[i]) - mean) * invStd
                    let dx =
                        Double(scale[c]) * invStd
                        * (Double(outputGradient[i]) - sumDy / count - xhat * sumDyXhat / count)
                    inputGradient[i] = Float(dx)
                }
            }
        }
    }
}
