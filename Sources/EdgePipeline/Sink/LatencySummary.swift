import EdgeIO

/// Latency figures in microseconds; zeros when nothing was recorded.
public struct LatencySummary: Sendable, Equatable {
    public var count = 0
    public var meanUs = 0.0, minUs = 0.0, p50Us = 0.0, p90Us = 0.0, p99Us = 0.0, p999Us = 0.0, maxUs = 0.0

    /// The report's object: `mean_us`, `min_us`, `p50_us`, `p90_us`, `p99_us`, `p999_us`, `max_us`.
    public var jsonPairs: [(String, JSONValue)] {
        [
            ("mean_us", .double(Self.round(meanUs))), ("min_us", .double(minUs)), ("p50_us", .double(p50Us)),
            ("p90_us", .double(p90Us)), ("p99_us", .double(p99Us)), ("p999_us", .double(p999Us)),
            ("max_us", .double(maxUs)),
        ]
    }

    static func round(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }
}
