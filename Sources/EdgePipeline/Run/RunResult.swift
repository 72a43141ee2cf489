/// Everything a finished run measured; the source of the summary and the JSON report.
public struct RunResult: Sendable {
    public var counts: RunCounts
    /// Per stage (indexed by `PipelineStage.rawValue`): service and queue-wait latency.
    public var service: [LatencyStats]
    public var wait: [LatencyStats]
    public var endToEnd: LatencyStats
    /// End to end minus the sum of stage service times: what the pipeline itself costs.
    public var overhead: LatencyStats
    /// PNG decode time (part of the preprocess service time).
    public var decode: LatencyStats
    public var warmupFrames: Int
    /// Whole run, seconds.
    public var wallSeconds: Double
    /// Predicted frames after warm-up per second of the post-warm-up window.
    public var throughputPerSecond: Double
    /// ISO-8601 UTC start time.
    public var startedAt: String
    /// Whether a signal stopped the source early.
    public var interrupted: Bool
    /// Notes from the source (skipped files, ...).
    public var notes: [String]
    /// How a paced real-clock source kept its frame rate; nil for `rate: max` and virtual runs.
    public var sourcePacing: SourcePacing?
    /// Log write time per logged frame, ns.
    public var logWriteNsPerFrame: Double
    /// Process CPU time (all threads, user + system) per produced frame, µs, source start to
    /// sink end; with `wallSeconds` it shows how much of the machine the pipeline used.
    public var cpuMicrosecondsPerFrame: Double
    /// Files written (logs, trace).
    public var files: [String]
    /// Whether `counts` balance; a run that does not is a bug and fails.
    public var accountingBalances: Bool { counts.balances }
}
