/// Quantiles of 8-bit levels from a 256-bin histogram: the one rule every preprocessing step
/// uses (the median paper level, flat-field block levels, the stroke peak).
///
/// Rule: among `count` values sorted ascending, the q-quantile is the value at 0-based rank
/// `floor((count − 1) · q)` ("lower nearest rank"): the median of 4 values is the 2nd, the
/// 0.9-quantile of 10 values the 9th.
enum LevelHistogram {
    /// The 0-based rank of the `quantile` (0...1) among `count` values; exact integer math for
    /// the quantile in thousandths, so no float rounding decides a level.
    static func rank(count: Int, quantile: Float) -> Int {
        guard count > 1 else { return 0 }
        let thousandths = Int((min(max(quantile, 0), 1) * 1000).rounded())
        return (count - 1) * thousandths / 1000
    }

    /// The levels holding the values at three 0-based ranks, in one scan of the bins from
    /// `start`; a rank past the counted values gives -1.
    static func levels(_ bins: UnsafeBufferPointer<Int32>, ranks: (Int, Int, Int), from start: Int = 0) -> (
        Int, Int, Int
    ) {
        var levels = (-1, -1, -1)
        var seen = 0
        for level in start..<256 {
            seen += Int(bins[level])
            if levels.0 < 0 && seen > ranks.0 { levels.0 = level }
            if levels.1 < 0 && seen > ranks.1 { levels.1 = level }
            if levels.2 < 0 && seen > ranks.2 { levels.2 = level }
            if levels.0 >= 0 && levels.1 >= 0 && levels.2 >= 0 { break }
        }
        return levels
    }

    /// The level holding the value at a 0-based rank, scanning from `start`; -1 past the end.
    static func level(_ bins: UnsafeBufferPointer<Int32>, rank: Int, from start: Int = 0) -> Int {
        levels(bins, ranks: (rank, rank, rank), from: start).0
    }
}
