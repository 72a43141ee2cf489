import Foundation

/// The calibrated range `[lower, upper]` of one activation from its observer, per method.
enum RangeChoice {
    static func range(_ observer: ActivationObserver, _ method: CalibrationMethod) -> (lower: Float, upper: Float) {
        let (minimum, maximum) = (observer.minimum, observer.maximum)
        switch method {
        case .minMax:
            return (minimum, maximum)
        case .percentile(let p):
            let kept = p / 100
            if minimum >= 0 { return (minimum, min(maximum, observer.quantile(kept))) }
            if maximum <= 0 { return (max(minimum, observer.quantile(1 - kept)), maximum) }
            let tail = (1 - kept) / 2
            return (max(minimum, observer.quantile(tail)), min(maximum, observer.quantile(1 - tail)))
        case .entropy:
            // A non-negative tensor (a ReLU's) spends all 256 levels on [0, t]; a signed one
            // has 128 on each side of zero.
            let levels = minimum >= 0 ? 256 : 128
            // The exact zeros a ReLU makes pile into bin 0 and swamp every other bin in both
            // distributions, so any threshold looks alike; NVIDIA's pytorch-quantization levels
            // that bin with its neighbour, as here.
            var bins = observer.bins
            if bins.count > 1 { bins[0] = bins[1] }
            let threshold = klThreshold(bins, levels: levels, binWidth: observer.binWidth)
            return (max(minimum, -threshold), min(maximum, threshold))
        }
    }

    /// TensorRT's entropy calibration on a histogram of magnitudes: for each candidate
    /// threshold (bin `i`), the reference distribution P is the first `i` bins with everything
    /// beyond folded into the last; Q is those bins merged into `levels` groups and spread back
    /// over each group's non-empty bins. The threshold with the smallest KL(P‖Q) wins (the
    /// first one on ties, so the result is deterministic).
    static func klThreshold(_ bins: [Double], levels: Int, binWidth: Float) -> Float {
        let count = bins.count
        guard count > levels, binWidth > 0 else { return Float(count) * binWidth }
        var suffix = [Double](repeating: 0, count: count + 1)
        for i in stride(from: count - 1, through: 0, by: -1) { suffix[i] = suffix[i + 1] + bins[i] }
        var best = (divergence: Double.infinity, bin: count)
        var p = [Double](repeating: 0, count: count)
        var q = [Double](repeating: 0, count: count)
        for i in levels...count {
            for k in 0..<i { p[k] = bins[k] }
            p[i - 1] += suffix[i]
            // Q from the unfolded bins, as TensorRT does (the outliers are what Q cannot show).
            for j in 0..<levels {
                let start = j * i / levels
                let end = (j + 1) * i / levels
                var total = 0.0
                var nonEmpty = 0
                for k in start..<end where bins[k] > 0 {
                    total += bins[k]
                    nonEmpty += 1
                }
                for k in start..<end { q[k] = bins[k] > 0 ? total / Double(nonEmpty) : 0 }
            }
            let pSum = p[0..<i].reduce(0, +)
            let qSum = q[0..<i].reduce(0, +)
            guard pSum > 0, qSum > 0 else { continue }
            var divergence = 0.0
            for k in 0..<i where p[k] > 0 {
                let pk = p[k] / pSum
                // A bin Q leaves empty where P is not: smoothed, as onnxruntime does.
                let qk = max(q[k] / qSum, 1e-10)
                divergence += pk * log(pk / qk)
            }
            if divergence < best.divergence { best = (divergence, i) }
        }
        return Float(best.bin) * binWidth
    }
}
