/// Polarity and gray levels of a digit picture, from its histogram.
///
/// The background is the median (a digit covers well under half of its picture); the image is
/// inverted when the median is nearer the maximum than the minimum (dark ink on light paper).
/// The ink peak is robust to a few hot pixels: the brightest level (in ink polarity) reached or
/// passed by at least `max(4, n/1000)` pixels (1 pixel for images under 64 pixels).
struct InkLevels {
    /// True when values are inverted so ink is bright.
    let inverted: Bool
    /// XOR mask applying the polarity: `v ^ 0xFF == 255 - v`.
    let flip: UInt8
    /// Background level after polarity.
    let background: UInt8
    /// Ink level that the contrast stretch maps to 255: first the histogram's robust peak, then
    /// (`Preprocessor.stretchPeak`) a high percentile of the ink inside the crop box.
    private(set) var peak: UInt8
    /// Ink values are those above this (after polarity).
    let threshold: UInt8
    /// Values at or below this map to 0 in the stretched crop.
    private(set) var black: Float

    /// Nil when the picture has less contrast than `options.minContrast` (blank).
    init?(_ input: UnsafeBufferPointer<UInt8>, count: Int, options: PreprocessOptions) {
        guard count > 0 else { return nil }
        // 256 × Int32 = 1 KiB: small enough that the temporary allocation stays on the stack.
        let levels = withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { bins in
            bins.initialize(repeating: 0)
            for index in 0..<count { bins[Int(input[index])] &+= 1 }
            return InkLevels(histogram: UnsafeBufferPointer(bins), count: count, options: options)
        }
        guard let levels else { return nil }
        self = levels
    }

    /// The levels of a picture of `count` pixels from its 256-bin histogram of stored values.
    /// Nil when the picture has less contrast than `options.minContrast` (blank).
    init?(histogram bins: UnsafeBufferPointer<Int32>, count: Int, options: PreprocessOptions) {
        guard count > 0 else { return nil }
        var low = 0
        while bins[low] == 0 { low += 1 }
        var high = 255
        while bins[high] == 0 { high -= 1 }
        let median = LevelHistogram.level(bins, rank: LevelHistogram.rank(count: count, quantile: 0.5))
        let inverted = (high - median) < (median - low)
        let needed = count >= 64 ? max(4, count / 1000) : 1
        var peak = 255  // in ink polarity
        var above = 0
        while true {
            above += Int(bins[inverted ? 255 - peak : peak])
            if above >= needed || peak == 0 { break }
            peak -= 1
        }
        let backgroundLevel = inverted ? 255 - median : median
        let contrast = peak - backgroundLevel
        guard contrast >= max(options.minContrast, 1) else { return nil }
        self.inverted = inverted
        flip = inverted ? 0xFF : 0
        background = UInt8(backgroundLevel)
        self.peak = UInt8(peak)
        threshold = UInt8(min(254, backgroundLevel + Int(options.inkThreshold * Float(contrast))))
        black = Float(backgroundLevel) + options.blackLevel * Float(contrast)
    }

    /// Sets the stroke level mapped to 255 and the black level derived from it.
    mutating func stretch(to peak: UInt8, options: PreprocessOptions) {
        self.peak = peak
        black = Float(background) + options.blackLevel * Float(Int(peak) - Int(background))
    }

    /// A stored value in ink polarity (ink bright).
    @inline(__always)
    func ink(_ value: UInt8) -> UInt8 { value ^ flip }
}
