/// Small element-wise loops shared by several kernels, routed per kernel path.
/// Outputs may alias inputs element for element.
enum Elementwise {
    static func scaleShift(count: Int, input: UnsafePointer<Float>, multiplier: Float, offset: Float,
                           output: UnsafeMutablePointer<Float>, path: KernelPath) {
        for i in 0..<count { output[i] = input[i] * multiplier + offset }
    }

    static func centredSquares(_ x: UnsafePointer<Float>, count: Int, mean: Float, path: KernelPath) -> Float {
        var sum: Float = 0
        for i in 0..<count {
            let d = x[i] - mean
            sum += d * d
        }
        return sum
    }

    /// `(Σ dy, Σ dy · (x − mean) · invStd)`.
    static func gradientMoments(dy: UnsafePointer<Float>, x: UnsafePointer<Float>, count: Int,
                                mean: Float, invStd: Float, path: KernelPath) -> (Float, Float) {
        var s: Float = 0, sx: Float = 0
        for i in 0..<count {
            s += dy[i]
            sx += dy[i] * (x[i] - mean)
        }
        return (s, sx * invStd)
    }

    static func batchNormInputGradient(count: Int, dy: UnsafePointer<Float>, x: UnsafePointer<Float>,
                                       mean: Float, invStd: Float, gain: Float, meanDy: Float, meanDyXhat: Float,
                                       output: UnsafeMutablePointer<Float>, path: KernelPath) {
        for i in 0..<count {
            let xhat = (x[i] - mean) * invStd
            output[i] = gain * (dy[i] - meanDy - xhat * meanDyXhat)
        }
    }

    static func add(count: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                    output: UnsafeMutablePointer<Float>, path: KernelPath) {
        for i in 0..<count { output[i] = a[i] + b[i] }
    }

    static func relu(count: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, path: KernelPath) {
        for i in 0..<count { output[i] = max(input[i], 0) }
    }

    static func reluBackward(count: Int, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                             inputGradient: UnsafeMutablePointer<Float>, path: KernelPath) {
        for i in 0..<count { inputGradient[i] = input[i] > 0 ? outputGradient[i] : 0 }
    }
}
