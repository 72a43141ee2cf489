/// Fully connected layer (PyTorch `Linear`, ONNX `Gemm` with `transB = 1`):
/// `output[b, o] = Σ_i input[b, i] · weight[o, i] + bias[o]`.
///
/// Layouts (contiguous): input `[batch, inFeatures]`, weight `[outFeatures, inFeatures]`
/// (PyTorch order), bias `[outFeatures]`, output `[batch, outFeatures]`. No scratch, no
/// allocation, single-threaded. Batch 1 is a GEMV.
public enum Linear {
    /// `output = input · weightᵀ + bias`, then `activation`.
    /// - Parameters:
    ///   - bias: `[outFeatures]` or nil.
    ///   - output: must not overlap the other buffers.
    public static func forward(
        batch: Int, inFeatures: Int, outFeatures: Int,
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, activation: FusedActivation = .none,
        path: KernelPath = .current
    ) {
        precondition(path.isSupported, "linear: kernel path \(path) is not supported here")
        precondition(batch >= 0 && inFeatures >= 0 && outFeatures >= 0, "linear: negative size")
        let native = activation.isNativeEpilogue
        LinearFast.forward(
            batch: batch, inFeatures: inFeatures, outFeatures: outFeatures, input: input,
            weight: weight, bias: bias, output: output, activation: native ? activation : .none, path: path)
        if !native { activation.apply(count: batch * outFeatures, output: output) }
    }

    /// Gradients of `forward` (without activation) from `outputGradient` `[batch, outFeatures]`.
    ///
    /// - Parameters:
    ///   - inputGradient: `[batch, inFeatures]` ← `outputGradient · weight`, or nil to skip.
    ///   - weightGradient: `[outFeatures, inFeatures]` ← `outputGradientᵀ · input`, or nil.
    ///   - biasGradient: `[outFeatures]` ← column sums of `outputGradient`, or nil.
    ///   - accumulate: add to weight and bias gradients instead of overwriting them
    ///     (`inputGradient` is always overwritten).
    public static func backward(
        batch: Int, inFeatures: Int, outFeatures: Int,
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, weightGradient: UnsafeMutablePointer<Float>?,
        biasGradient: UnsafeMutablePointer<Float>?, accumulate: Bool = false,
        path: KernelPath = .current
    ) {
        precondition(path.isSupported, "linear: kernel path \(path) is not supported here")
        if let inputGradient {
            Gemm.multiply(
                m: batch, n: inFeatures, k: outFeatures, a: outputGradient, lda: outFeatures,
                b: weight, ldb: inFeatures, c: inputGradient, ldc: inFeatures, path: path)
        }
        if let weightGradient {
            Gemm.multiply(
                m: outFeatures, n: inFeatures, k: batch, a: outputGradient, lda: outFeatures,
                transposeA: true, b: input, ldb: inFeatures, c: weightGradient, ldc: inFeatures,
                accumulate: accumulate, path: path)
        }
        if let biasGradient {
            if !accumulate { biasGradient.update(repeating: 0, count: outFeatures) }
            for b in 0..<batch {
                let row = outputGradient + b * outFeatures
                for o in 0..<outFeatures { biasGradient[o] += row[o] }
            }
        }
    }

    /// The naive forward (the oracle for tests); same contract as `forward`.
    public static func forwardReference(
        batch: Int, inFeatures: Int, outFeatures: Int,
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, activation: FusedActivation = .none
    ) {
        for b in 0..<batch {
            for o in 0..<outFeatures {
                var sum: Float = bias?[o] ?? 0
                for i in 0..<inFeatures { sum += input[b * inFeatures + i] * weight[o * inFeatures + i] }
                output[b * outFeatures + o] = activation(sum)
            }
        }
    }

    /// The naive backward (the oracle for tests); same contract as `backward`.
    public static func backwardReference(
        batch: Int, inFeatures: Int, outFeatures: Int,
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, weightGradient: UnsafeMutablePointer<Float>?,
        biasGradient: UnsafeMutablePointer<Float>?, accumulate: Bool = false
    ) {
        if let inputGradient {
            for b in 0..<batch {
                for i in 0..<inFeatures {
                    var sum: Float = 0
                    for o in 0..<outFeatures { sum += outputGradient[b * outFeatures + o] * weight[o * inFeatures + i] }
                    inputGradient[b * inFeatures + i] = sum
                }
            }
        }
        if let weightGradient {
            for o in 0..<outFeatures {
                for i in 0..<inFeatures {
                    var sum: Float = accumulate ? weightGradient[o * inFeatures + i] : 0
                    for b in 0..<batch { sum += outputGradient[b * outFeatures + o] * input[b * inFeatures + i] }
                    weightGradient[o * inFeatures + i] = sum
                }
            }
        }
        if let biasGradient {
            for o in 0..<outFeatures {
                var sum: Float = accumulate ? biasGradient[o] : 0
                for b in 0..<batch { sum += outputGradient[b * outFeatures + o] }
                biasGradient[o] = sum
            }
        }
    }
}
