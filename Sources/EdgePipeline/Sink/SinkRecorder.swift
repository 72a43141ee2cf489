/// The sink's bookkeeping, shared by the real-clock ``Sink`` actor and ``VirtualPipeline``:
/// puts frames back in id order, counts outcomes, records latencies (warm-up excluded) and
/// feeds the log and trace writers.
///
/// Memory: the reorder buffer holds only frames that overtook an earlier one still in flight,
/// so it is bounded by the queues' capacities; everything else is histograms and counters.
///
/// Threading: not thread-safe; owned by one ``Sink`` actor or one ``VirtualPipeline``, which
/// hand back a Sendable ``SinkSummary`` when the run is over.
final class SinkRecorder {
    let warmupFrames: Int
    let origin: UInt64
    private let log: FrameLogWriter?
    private let trace: TraceWriter?
    private(set) var counts = RunCounts()
    private(set) var service = Array(repeating: LatencyStats(), count: PipelineStage.allCases.count)
    private(set) var wait = Array(repeating: LatencyStats(), count: PipelineStage.allCases.count)
    private(set) var endToEnd = LatencyStats()
    private(set) var overhead = LatencyStats()
    private(set) var decode = LatencyStats()
    private var pending: [Int: FinishedFrame] = [:]
    private(set) var nextID = 0
    /// Source start of the first frame after warm-up, and the latest sink end.
    private(set) var measuredStart: UInt64?
    private(set) var lastEnd: UInt64 = 0
    private(set) var predictedAfterWarmup = 0
    /// The first log or trace write error; logging stops after it, the run goes on.
    private(set) var writeError: PipelineError?

    init(warmupFrames: Int, origin: UInt64, log: FrameLogWriter?, trace: TraceWriter?) {
        self.warmupFrames = warmupFrames
        self.origin = origin
        self.log = log
        self.trace = trace
    }

    /// Takes one finished frame (any order). With `stamp`, the sink's own start and end are
    /// taken from the monotonic clock when the frame's turn comes; otherwise its timing already
    /// holds them (virtual clock).
    func receive(_ frame: FinishedFrame, stamp: Bool) {
        if frame.info.id != nextID {
            pending[frame.info.id] = frame
            return
        }
        finalize(frame, stamp: stamp)
        while let next = pending.removeValue(forKey: nextID) {
            finalize(next, stamp: stamp)
        }
    }

    private func finalize(_ input: FinishedFrame, stamp: Bool) {
        var frame = input
        let start = stamp ? MonotonicClock.now() : frame.info.timing.start(.sink)
        counts.count(frame)
        let measured = frame.info.id >= warmupFrames
        if measured {
            for stage in [PipelineStage.source, .preprocess, .inference] {
                if let s = frame.info.timing.service(stage) { service[stage.rawValue].record(ns: s) }
                if let w = frame.info.timing.wait(stage) { wait[stage.rawValue].record(ns: w) }
            }
            if frame.info.decodeNs > 0 { decode.record(ns: frame.info.decodeNs) }
            if case .predicted = frame.outcome { predictedAfterWarmup += 1 }
            if measuredStart == nil { measuredStart = frame.info.timing.start(.source) }
        }
        if stamp {
            frame.info.timing.record(.sink, start: start, end: MonotonicClock.now())
        }
        let t = frame.info.timing
        if measured {
            service[PipelineStage.sink.rawValue].record(ns: t.service(.sink)!)
            wait[PipelineStage.sink.rawValue].record(ns: t.wait(.sink)!)
            if case .predicted = frame.outcome, let e2e = t.endToEnd {
                endToEnd.record(ns: e2e)
                let services = PipelineStage.allCases.reduce(UInt64(0)) { $0 + (t.service($1) ?? 0) }
                overhead.record(ns: e2e > services ? e2e - services : 0)
            }
        }
        lastEnd = max(lastEnd, t.end(.sink))
        nextID += 1
        guard writeError == nil else { return }
        do {
            try log?.append(frame, origin: origin)
            try trace?.append(frame)
        } catch {
            writeError = error
        }
    }

    /// Flushes and closes the log and trace, and returns what was recorded.
    func finish() -> SinkSummary {
        if writeError == nil {
            do {
                try log?.flush()
                try trace?.finish()
            } catch {
                writeError = error
            }
        }
        return SinkSummary(
            counts: counts, service: service, wait: wait, endToEnd: endToEnd, overhead: overhead,
            decode: decode, measuredStart: measuredStart, lastEnd: lastEnd,
            predictedAfterWarmup: predictedAfterWarmup, writeError: writeError,
            logWriteNs: log?.writeNs ?? 0)
    }
}

/// What the sink recorded over a run, handed back once every frame is in.
struct SinkSummary: Sendable {
    var counts: RunCounts
    var service: [LatencyStats]
    var wait: [LatencyStats]
    var endToEnd: LatencyStats
    var overhead: LatencyStats
    var decode: LatencyStats
    /// Source start of the first frame after warm-up, and the latest sink end.
    var measuredStart: UInt64?
    var lastEnd: UInt64
    var predictedAfterWarmup: Int
    /// The first log or trace write error.
    var writeError: PipelineError?
    /// Time spent in log writes, ns.
    var logWriteNs: UInt64
}
