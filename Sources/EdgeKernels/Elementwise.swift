#if canImport(EdgeKernelsAVX2)
    import EdgeKernelsAVX2
#endif

/// Small element-wise loops shared by several kernels, routed per kernel path (the AVX-512
/// path uses the AVX2 loops: they are memory-bound). Outputs may alias inputs element for element.
enum Elementwise {
    /// True when the AVX2 loops may run for `path`.
    @inline(__always)
    static func vectorised(_ path: KernelPath) -> Bool {
        #if canImport(EdgeKernelsAVX2)
            return path != .portable
        #else
            return false
        #endif
    }

    static func scaleShift(
        count: Int, input: UnsafePointer<Float>, multiplier: Float, offset: Float,
        output: UnsafeMutablePointer<Float>, path: KernelPath
    ) {
        #if canImport(EdgeKernelsAVX2)
            if vectorised(path) {
                return edgeAVX2ScaleShift(
                    count: count, input: input, multiplier: multiplier, offset: offset, output: output)
            }
        #endif
        for i in 0..<count { output[i] = input[i] * multiplier + offset }
    }

    static func sum(_ x: UnsafePointer<Float>, count: Int, path: KernelPath) -> Float {
        #if canImport(EdgeKernelsAVX2)
            if vectorised(path) { return edgeAVX2Sum(x, count: count) }
        #endif
        var s0: Float = 0
        var s1: Float = 0
        var s2: Float = 0
        var s3: Float = 0
        var i = 0
        while i + 4 <= count {
            s0 += x[i]
            s1 += x[i + 1]
            s2 += x[i + 2]
            s3 += x[i + 3]
            i += 4
        }
        while i < count {
            s0 += x[i]
            i += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    static func centredSquares(_ x: UnsafePointer<Float>, count: Int, mean: Float, path: KernelPath) -> Float {
        #if canImport(EdgeKernelsAVX2)
            if vectorised(path) { return edgeAVX2CentredSquares(x, count: count, mean: mean) }
        #endif
        var sum: Float = 0
        for i in 0..<count {
            let d = x[i] - mean
            sum += d * d
        }
        return sum
    }

    /// `(Σ dy, Σ dy · (x − mean) · invStd)`.
    static func gradientMoments(
        dy: UnsafePointer<Float>, x: UnsafePointer<Float>, count: Int,
        mean: Float, invStd: Float, path: KernelPath
    ) -> (Float, Float) {
        #if canImport(EdgeKernelsAVX2)
            if vectorised(path) {
                return edgeAVX2GradientMoments(dy: dy, x: x, count: count, mean: mean, invStd: invStd)
            }
        #endif
        var s: Float = 0
        var sx: Float = 0
        for i in 0..<count {
            s += dy[i]
            sx += dy[i] * (x[i] - mean)
        }
        return (s, sx * invStd)
    }

    static func batchNormInputGradient(
        count: Int, dy: UnsafePointer<Float>, x: UnsafePointer<Float>,
        mean: Float, invStd: Float, gain: Float, meanDy: Float, meanDyXhat: Float,
        output: UnsafeMutablePointer<Float>, path: KernelPath
    ) {
        #if canImport(EdgeKernelsAVX2)
            if vectorised(path) {
                return edgeAVX2BatchNormInputGradient(
                    count: count, dy: dy, x: x, mean: mean, invStd: invStd, gain: gain,
                    meanDy: meanDy, meanDyXhat: meanDyXhat, output: output)
            }
        #endif
        for i in 0..<count {
            let xhat = (x[i] - mean) * invStd
            output[i] = gain * (dy[i] - meanDy - xhat * meanDyXhat)
        }
    }

    static func add(
        count: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, path: KernelPath
    ) {
        #if canImport(EdgeKernelsAVX2)
            if vectorised(path) { return edgeAVX2Add(count: count, a: a, b: b, output: output) }
        #endif
        for i in 0..<count { output[i] = a[i] + b[i] }
    }

    static func relu(count: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, path: KernelPath) {
        #if canImport(EdgeKernelsAVX2)
            if vectorised(path) { return edgeAVX2ReLU(count: count, input: input, output: output) }
        #endif
        for i in 0..<count { output[i] = max(input[i], 0) }
    }

    static func reluBackward(
        count: Int, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>, path: KernelPath
    ) {
        #if canImport(EdgeKernelsAVX2)
            if vectorised(path) {
                return edgeAVX2ReLUBackward(
                    count: count, input: input, outputGradient: outputGradient,
                    inputGradient: inputGradient)
            }
        #endif
        for i in 0..<count { inputGradient[i] = input[i] > 0 ? outputGradient[i] : 0 }
    }
}
