/// The sink: logs and statistics.
public struct SinkConfig: Sendable {
    /// Folder for `edge_log.txt` and `edge_log.jsonl` (nil: no per-frame log).
    public var logDirectory: String? = "logs"
    /// Leading frames excluded from latency statistics and throughput.
    public var warmupFrames: Int = 20
    /// Frames per batched log write.
    public var logBatch: Int = 256
    public init() {}
}
