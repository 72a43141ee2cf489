/// Writes a Chrome trace-event JSON file (opens in Perfetto or chrome://tracing): one complete
/// ("X") event per frame per stage, on one track per stage (one per inference worker).
///
/// Events are streamed in batches, so memory stays flat on long runs. Not thread-safe: owned
/// by the sink.
final class TraceWriter {
    private let file: OutputFile
    private var buffer = LogBuffer(reservingCapacity: 1 << 16)
    private var first = true
    private let origin: UInt64

    /// Creates `path`; timestamps are relative to `origin` (ns).
    init(path: String, origin: UInt64, workers: Int) throws(PipelineError) {
        file = try OutputFile(path: path)
        self.origin = origin
        buffer.append("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n")
        var names: [(Int, String)] = [(1, "source"), (2, "preprocess"), (4, "sink")]
        for w in 0..<workers { names.append((10 + w, "inference \(w)")) }
        for (tid, name) in names {
            appendSeparator()
            buffer.append("{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":")
            buffer.append(int: tid)
            buffer.append(",\"args\":{\"name\":\"")
            buffer.append(name)
            buffer.append("\"}}")
        }
    }

    var path: String { file.path }

    private func appendSeparator() {
        if !first { buffer.append(",\n") }
        first = false
    }

    /// Adds one event per stage `frame` went through.
    func append(_ frame: FinishedFrame) throws(PipelineError) {
        let t = frame.info.timing
        for stage in PipelineStage.allCases {
            guard let dur = t.service(stage) else { continue }
            appendSeparator()
            buffer.append("{\"name\":\"")
            buffer.append(stage.name)
            buffer.append("\",\"cat\":\"frame\",\"ph\":\"X\",\"pid\":1,\"tid\":")
            let tid =
                switch stage {
                case .source: 1
                case .preprocess: 2
                case .inference: 10 + max(frame.info.worker, 0)
                case .sink: 4
                }
            buffer.append(int: tid)
            buffer.append(",\"ts\":")
            let start = t.start(stage)
            buffer.append(microsecondsFromNs: start > origin ? start - origin : 0)
            buffer.append(",\"dur\":")
            buffer.append(microsecondsFromNs: dur)
            buffer.append(",\"args\":{\"frame\":")
            buffer.append(int: frame.info.id)
            buffer.append(",\"outcome\":\"")
            buffer.append(frame.outcome.name)
            buffer.append("\"}}")
        }
        if buffer.count > 1 << 16 {
            try file.write(buffer.bytes)
            buffer.removeAll()
        }
    }

    /// Closes the JSON document and flushes the file.
    func finish() throws(PipelineError) {
        buffer.append("\n]}\n")
        try file.write(buffer.bytes)
        buffer.removeAll()
        try file.flush()
    }
}
