/// Batch normalisation over the channel axis (PyTorch `BatchNorm1d/2d`, ONNX
/// `BatchNormalization`): `y = (x − mean[c]) / sqrt(var[c] + ε) · scale[c] + bias[c]`.
///
/// Layout: `[batch, channels, spatial]` contiguous, where `spatial` is H·W for NCHW (1 for
/// `[batch, channels]`). `scale` is PyTorch's `weight` (γ), `bias` is β. Outputs may alias
/// inputs element for element (in place). No allocation, single-threaded.
public enum BatchNorm {
    /// Inference form with running statistics.
    public static func inference(
        batch: Int, channels: Int, spatial: Int,
        input: UnsafePointer<Float>, scale: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        mean: UnsafePointer<Float>, variance: UnsafePointer<Float>, epsilon: Float = 1e-5,
        output: UnsafeMutablePointer<Float>, path: KernelPath = .current
    ) {
        precondition(path.isSupported, "batchnorm: kernel path \(path) is not supported here")
        for n in 0..<batch {
            for c in 0..<channels {
                let multiplier = scale[c] / (variance[c] + epsilon).squareRoot()
                let offset = bias[c] - mean[c] * multiplier
                let base = (n * channels + c) * spatial
                Elementwise.scaleShift(
                    count: spatial, input: input + base, multiplier: multiplier,
                    offset: offset, output: output + base, path: path)
            }
        }
    }

    /// Folded form: `y = x · multiplier[c] + offset[c]` (see `foldedCoefficients`).
    public static func affine(
        batch: Int, channels: Int, spatial: Int,
        input: UnsafePointer<Float>, multiplier: UnsafePointer<Float>, offset: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, path: KernelPath = .current
    ) {
        precondition(path.isSupported, "batchnorm: kernel path \(path) is not supported here")
        for n in 0..<batch {
            for c in 0..<channels {
                let base = (n * channels + c) * spatial
                Elementwise.scaleShift(
                    count: spatial, input: input + base, multiplier: multiplier[c],
                    offset: offset[c], output: output + base, path: path)
            }
        }
    }

    /// The per-channel `multiplier = scale / sqrt(variance + ε)` and
    /// `offset = bias − mean · multiplier` that `affine` applies; also what folding BN into the
    /// preceding convolution multiplies its weights and bias with.
    public static func foldedCoefficients(
        channels: Int, scale: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        mean: UnsafePointer<Float>, variance: UnsafePointer<Float>, epsilon: Float = 1e-5,
        multiplier: UnsafeMutablePointer<Float>, offset: UnsafeMutablePointer<Float>
    ) {
        for c in 0..<channels {
            let m = scale[c] / (variance[c] + epsilon).squareRoot()
            multiplier[c] = m
            offset[c] = bias[c] - mean[c] * m
        }
    }

    /// Training form: normalises with the batch statistics, returns them for `backward`, and
    /// updates the running statistics like PyTorch
    /// (`running = (1 − momentum) · running + momentum · batchStat`, running variance unbiased).
    /// - Parameters:
    ///   - batchMean: `[channels]` ← mean over batch and spatial positions.
    ///   - batchInvStd: `[channels]` ← `1 / sqrt(biasedVariance + ε)`.
    ///   - runningMean, runningVariance: updated in place when non-nil.
    public static func trainingForward(
        batch: Int, channels: Int, spatial: Int,
        input: UnsafePointer<Float>, scale: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        epsilon: Float = 1e-5, output: UnsafeMutablePointer<Float>,
        batchMean: UnsafeMutablePointer<Float>, batchInvStd: UnsafeMutablePointer<Float>,
        runningMean: UnsafeMutablePointer<Float>?, runningVariance: UnsafeMutablePointer<Float>?,
        momentum: Float = 0.1, path: KernelPath = .current
    ) {
        precondition(path.isSupported, "batchnorm: kernel path \(path) is not supported here")
        let count = batch * spatial
        for c in 0..<channels {
            // Two passes (mean, then centred squares) in Double: stable for large batches.
            var sum: Double = 0
            for n in 0..<batch {
                sum += Double(Elementwise.sum(input + (n * channels + c) * spatial, count: spatial, path: path))
            }
            let mean = sum / Double(count)
            var squares: Double = 0
            for n in 0..<batch {
                squares += Double(
                    Elementwise.centredSquares(
                        input + (n * channels + c) * spatial, count: spatial,
                        mean: Float(mean), path: path))
            }
            let variance = squares / Double(count)
            let invStd = Float(1 / (variance + Double(epsilon)).squareRoot())
            batchMean[c] = Float(mean)
            batchInvStd[c] = invStd
            let multiplier = scale[c] * invStd
            let offset = bias[c] - Float(mean) * multiplier
            for n in 0..<batch {
                let base = (n * channels + c) * spatial
                Elementwise.scaleShift(
                    count: spatial, input: input + base, multiplier: multiplier,
                    offset: offset, output: output + base, path: path)
            }
            if let runningMean {
                runningMean[c] = (1 - momentum) * runningMean[c] + momentum * Float(mean)
            }
            if let runningVariance {
                let unbiased = count > 1 ? squares / Double(count - 1) : variance
                runningVariance[c] = (1 - momentum) * runningVariance[c] + momentum * Float(unbiased)
            }
        }
    }

    /// Gradients of `trainingForward` (batch statistics are functions of the input).
    /// - Parameters:
    ///   - inputGradient: `[batch, channels, spatial]` ← ∂L/∂x (may alias `outputGradient`).
    ///   - scaleGradient, biasGradient: `[channels]` ← ∂L/∂γ, ∂L/∂β (overwritten).
    public static func backward(
        batch: Int, channels: Int, spatial: Int,
        input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>, scale: UnsafePointer<Float>,
        batchMean: UnsafePointer<Float>, batchInvStd: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>, scaleGradient: UnsafeMutablePointer<Float>,
        biasGradient: UnsafeMutablePointer<Float>, path: KernelPath = .current
    ) {
        precondition(path.isSupported, "batchnorm: kernel path \(path) is not supported here")
        let count = Float(batch * spatial)
        for c in 0..<channels {
            let mean = batchMean[c]
            let invStd = batchInvStd[c]
            var sumDy: Double = 0
            var sumDyXhat: Double = 0
            for n in 0..<batch {
                let base = (n * channels + c) * spatial
                let (s, sx) = Elementwise.gradientMoments(
                    dy: outputGradient + base, x: input + base, count: spatial,
                    mean: mean, invStd: invStd, path: path)
                sumDy += Double(s)
                sumDyXhat += Double(sx)
            }
            biasGradient[c] = Float(sumDy)
            scaleGradient[c] = Float(sumDyXhat)
            // dx = γ·invStd · (dy − mean(dy) − x̂ · mean(dy·x̂)), x̂ = (x − mean)·invStd
            let k = scale[c] * invStd
            let meanDy = Float(sumDy) / count
            let meanDyXhat = Float(sumDyXhat) / count
            for n in 0..<batch {
                let base = (n * channels + c) * spatial
                Elementwise.batchNormInputGradient(
                    count: spatial, dy: outputGradient + base, x: input + base, mean: mean, invStd: invStd,
                    gain: k, meanDy: meanDy, meanDyXhat: meanDyXhat, output: inputGradient + base, path: path)
            }
        }
    }
}
