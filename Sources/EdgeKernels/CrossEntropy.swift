#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Softmax cross-entropy on logits `[batch, classes]` with integer labels (PyTorch
/// `F.cross_entropy`, mean reduction).
public enum CrossEntropy {
    /// The mean loss `−(1/batch) Σ_b log softmax(logits[b])[labels[b]]`, and optionally its
    /// gradient with respect to the logits, `(softmax − onehot) / batch`.
    /// - Parameters:
    ///   - labels: `batch` class indices, each in `0..<classes` (precondition).
    ///   - logitGradient: `[batch, classes]` (overwritten) or nil. May alias `logits`.
    public static func forward(
        batch: Int, classes: Int, logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>,
        logitGradient: UnsafeMutablePointer<Float>?, path: KernelPath = .current
    ) -> Float {
        precondition(path.isSupported, "crossentropy: kernel path \(path) is not supported here")
        precondition(batch > 0 && classes > 0, "crossentropy: empty batch or no classes")
        var total: Double = 0
        let scale = 1 / Float(batch)
        for b in 0..<batch {
            let label = Int(labels[b])
            precondition(label >= 0 && label < classes, "crossentropy: label \(label) outside 0..<\(classes)")
            let x = logits + b * classes
            var peak = -Float.infinity
            for j in 0..<classes { peak = max(peak, x[j]) }
            var sum: Float = 0
            for j in 0..<classes { sum += expf(x[j] - peak) }
            let logSum = logf(sum)
            total += Double(logSum + peak - x[label])
            if let logitGradient {
                let g = logitGradient + b * classes
                let inverse = 1 / sum
                for j in 0..<classes { g[j] = expf(x[j] - peak) * inverse * scale }
                g[label] -= scale
            }
        }
        return Float(total / Double(batch))
    }

    /// The naive loss and gradient in Double (the oracle for tests).
    public static func forwardReference(
        batch: Int, classes: Int, logits: UnsafePointer<Float>,
        labels: UnsafePointer<Int32>, logitGradient: UnsafeMutablePointer<Float>?
    ) -> Float {
        var total = 0.0
        for b in 0..<batch {
            let x = (0..<classes).map { Double(logits[b * classes + $0]) }
            let peak = x.max()!
            let sum = x.map { exp($0 - peak) }.reduce(0, +)
            let label = Int(labels[b])
            total += log(sum) + peak - x[label]
            for j in 0..<classes {
                let p = exp(x[j] - peak) / sum - (j == label ? 1 : 0)
                logitGradient?[b * classes + j] = Float(p / Double(batch))
            }
        }
        return Float(total / Double(batch))
    }
}
