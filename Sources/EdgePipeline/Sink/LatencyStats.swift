import Histogram

/// Latency distribution of one measurement (a stage's service or queue wait, end to end),
/// held in an HdrHistogram of nanoseconds (3 significant digits, up to an hour), so memory
/// stays constant however long the run.
public struct LatencyStats: Sendable {
    private var histogram = Histogram<UInt64>(
        highestTrackableValue: 3_600_000_000_000, numberOfSignificantValueDigits: .three)

    public init() {}

    /// Records one value in nanoseconds.
    public mutating func record(ns: UInt64) {
        _ = histogram.record(min(ns, 3_600_000_000_000))
    }

    public var count: Int { Int(histogram.totalCount) }

    /// Summary statistics in microseconds.
    public var summary: LatencySummary {
        guard histogram.totalCount > 0 else { return LatencySummary() }
        func us(_ ns: UInt64) -> Double { Double(ns) / 1000 }
        return LatencySummary(
            count: count, meanUs: histogram.mean / 1000, minUs: us(histogram.min),
            p50Us: us(histogram.valueAtPercentile(50)), p90Us: us(histogram.valueAtPercentile(90)),
            p99Us: us(histogram.valueAtPercentile(99)), p999Us: us(histogram.valueAtPercentile(99.9)),
            maxUs: us(histogram.max))
    }

    /// Counts in logarithmic buckets: `[upper bound µs, count]` pairs with bounds 1, 2, 4, ...
    /// µs up to the maximum, empty buckets included, so a plot needs no other data.
    public var buckets: [(upperUs: Double, count: Int)] {
        guard histogram.totalCount > 0 else { return [] }
        // Bucket i holds values up to 2^i µs (the iterator's own `value` is the bucket's
        // highest equivalent value, a little below the round bound).
        return histogram.logarithmicBucketValues(valueUnitsInFirstBucket: 1000, logBase: 2).enumerated().map {
            (Double(1 << $0.offset), Int($0.element.countAddedInThisIterationStep))
        }
    }
}
