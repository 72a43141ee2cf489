#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Softmax and log-softmax over the last axis of `[rows, columns]` (classes per row),
/// numerically stable (the row maximum is subtracted first). `output` may alias `input`.
public enum Softmax {
    /// `output[r, j] = exp(x[r, j]) / Σ_k exp(x[r, k])`.
    public static func forward(
        rows: Int, columns: Int, input: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, path: KernelPath = .current
    ) {
        precondition(path.isSupported, "softmax: kernel path \(path) is not supported here")
        for r in 0..<rows {
            let x = input + r * columns
            let y = output + r * columns
            var peak = -Float.infinity
            for j in 0..<columns { peak = max(peak, x[j]) }
            var sum: Float = 0
            for j in 0..<columns {
                let e = expf(x[j] - peak)
                y[j] = e
                sum += e
            }
            let inverse = 1 / sum
            for j in 0..<columns { y[j] *= inverse }
        }
    }

    /// `output[r, j] = x[r, j] − log Σ_k exp(x[r, k])`.
    public static func logForward(
        rows: Int, columns: Int, input: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>, path: KernelPath = .current
    ) {
        precondition(path.isSupported, "logsoftmax: kernel path \(path) is not supported here")
        for r in 0..<rows {
            let x = input + r * columns
            let y = output + r * columns
            var peak = -Float.infinity
            for j in 0..<columns { peak = max(peak, x[j]) }
            var sum: Float = 0
            for j in 0..<columns { sum += expf(x[j] - peak) }
            let shift = peak + logf(sum)
            for j in 0..<columns { y[j] = x[j] - shift }
        }
    }

    /// Gradient of log-softmax: `inputGradient = dy − softmax · Σ dy` per row, from the forward
    /// *output* (log-probabilities). `inputGradient` may alias `outputGradient`.
    public static func logBackward(
        rows: Int, columns: Int, logProbabilities: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>,
        path: KernelPath = .current
    ) {
        precondition(path.isSupported, "logsoftmax: kernel path \(path) is not supported here")
        for r in 0..<rows {
            let lp = logProbabilities + r * columns
            let dy = outputGradient + r * columns
            let dx = inputGradient + r * columns
            var total: Float = 0
            for j in 0..<columns { total += dy[j] }
            for j in 0..<columns { dx[j] = dy[j] - expf(lp[j]) * total }
        }
    }

    /// Gradient of softmax: `inputGradient = y · (dy − Σ dy·y)` per row, from the forward
    /// *output* `y`. `inputGradient` may alias `outputGradient`.
    public static func backward(
        rows: Int, columns: Int, probabilities: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>,
        path: KernelPath = .current
    ) {
        precondition(path.isSupported, "softmax: kernel path \(path) is not supported here")
        for r in 0..<rows {
            let y = probabilities + r * columns
            let dy = outputGradient + r * columns
            let dx = inputGradient + r * columns
            var dot: Float = 0
            for j in 0..<columns { dot += dy[j] * y[j] }
            for j in 0..<columns { dx[j] = y[j] * (dy[j] - dot) }
        }
    }

    /// The naive softmax in Double (the oracle for tests).
    public static func forwardReference(
        rows: Int, columns: Int, input: UnsafePointer<Float>,
        output: UnsafeMutablePointer<Float>
    ) {
        for r in 0..<rows {
            let x = (0..<columns).map { Double(input[r * columns + $0]) }
            let peak = x.max() ?? 0
            let sum = x.map { exp($0 - peak) }.reduce(0, +)
            for j in 0..<columns { output[r * columns + j] = Float(exp(x[j] - peak) / sum) }
        }
    }
}
