/// Records what one activation tensor holds over the calibration images: its extremes (first
/// pass) and, for the percentile and entropy methods, a histogram over them (second pass).
struct ActivationObserver: Sendable {
    /// Histogram resolution (onnxruntime's and TensorRT's default).
    static let binCount = 2048

    private(set) var minimum = Float.infinity
    private(set) var maximum = -Float.infinity
    private(set) var count = 0
    /// Counts over `[histogramLower, histogramUpper]`, empty until ``startHistogram()``.
    private(set) var bins: [Double] = []
    private(set) var histogramLower: Float = 0
    private(set) var histogramUpper: Float = 0

    /// First pass: widens the extremes to cover `values`.
    mutating func observeRange(_ values: [Float]) {
        for v in values {
            minimum = min(minimum, v)
            maximum = max(maximum, v)
        }
        count += values.count
    }

    /// Whether the histogram counts `|x|` (entropy) rather than `x` (percentile).
    private(set) var absolute = false

    /// Fixes the histogram's extent to the first pass's extremes (0 included): `[min, max]`
    /// for values, `[0, max |x|]` for magnitudes.
    mutating func startHistogram(absolute: Bool) {
        self.absolute = absolute
        histogramLower = absolute ? 0 : min(minimum, 0)
        histogramUpper = absolute ? max(abs(minimum), abs(maximum)) : max(maximum, 0)
        bins = [Double](repeating: 0, count: Self.binCount)
    }

    /// Width of one bin.
    var binWidth: Float { (histogramUpper - histogramLower) / Float(Self.binCount) }

    /// Second pass: counts `values` into the bins.
    mutating func observeHistogram(_ values: [Float]) {
        let width = binWidth
        guard width > 0 else {
            bins[0] += Double(values.count)
            return
        }
        for v in values {
            let bin = Int(((absolute ? abs(v) : v) - histogramLower) / width)
            bins[min(max(bin, 0), Self.binCount - 1)] += 1
        }
    }

    /// The value below which `fraction` of the counted values lie (linear within a bin).
    func quantile(_ fraction: Double) -> Float {
        let total = bins.reduce(0, +)
        let target = fraction * total
        let width = (histogramUpper - histogramLower) / Float(Self.binCount)
        var seen = 0.0
        for (index, n) in bins.enumerated() where n > 0 {
            if seen + n >= target {
                let within = Float((target - seen) / n)
                return histogramLower + (Float(index) + within) * width
            }
            seen += n
        }
        return histogramUpper
    }
}
