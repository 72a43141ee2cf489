/// The per-frame device log: `edge_log.txt` (human) and `edge_log.jsonl` (one object per
/// frame), hand-encoded into byte buffers and written every `batch` frames.
///
/// Frames must be given in frame-id order (the sink's reorder buffer does that). Not thread-safe:
/// owned by the sink.
final class FrameLogWriter {
    private let text: OutputFile
    private let jsonl: OutputFile
    private let batch: Int
    private var textBuffer = LogBuffer(reservingCapacity: 1 << 16)
    private var jsonBuffer = LogBuffer(reservingCapacity: 1 << 17)
    private var pending = 0
    /// Class names, index = class; a class without one is logged by its number.
    private let classNames: [String]
    /// Time spent in write calls, ns.
    private(set) var writeNs: UInt64 = 0

    /// Opens (truncates) `<directory>/edge_log.txt` and `<directory>/edge_log.jsonl`.
    init(directory: String, batch: Int, classNames: [String]? = nil) throws(PipelineError) {
        text = try OutputFile(path: directory + "/edge_log.txt")
        jsonl = try OutputFile(path: directory + "/edge_log.jsonl")
        self.batch = batch
        self.classNames = classNames ?? []
    }

    /// The name of class `index`, or nil when the model names none.
    private func name(_ index: Int) -> String? { classNames.indices.contains(index) ? classNames[index] : nil }

    /// Appends `frame`'s lines; `origin` is the run's start time (text timestamps are relative).
    func append(_ frame: FinishedFrame, origin: UInt64) throws(PipelineError) {
        appendText(frame, origin: origin)
        appendJSON(frame)
        pending += 1
        if pending >= batch { try flush() }
    }

    /// Writes buffered lines to the files.
    func flush() throws(PipelineError) {
        let start = MonotonicClock.now()
        try text.write(textBuffer.bytes)
        try jsonl.write(jsonBuffer.bytes)
        try text.flush()
        try jsonl.flush()
        textBuffer.removeAll()
        jsonBuffer.removeAll()
        pending = 0
        writeNs += MonotonicClock.now() - start
    }

    private func appendText(_ frame: FinishedFrame, origin: UInt64) {
        let info = frame.info
        let t = info.timing
        var b = textBuffer
        textBuffer = LogBuffer()  // keep `b` uniquely referenced while appending
        b.append("[")
        b.append(microsecondsFromNs: t.start(.source) > origin ? t.start(.source) - origin : 0)
        b.append(" us] #")
        b.append(int: info.id)
        b.append(" ")
        b.append(info.source)
        b.append(" label=")
        if let label = info.label {
            b.append(int: label)
            if let name = name(label) { b.append("(" + name + ")") }
        } else {
            b.append("?")
        }
        switch frame.outcome {
        case .predicted(let label, let confidence):
            b.append(" pred=")
            b.append(int: label)
            if let name = name(label) { b.append("(" + name + ")") }
            b.append(" conf=")
            b.append(fraction: confidence)
            b.append(info.label.map { $0 == label ? " ok" : " WRONG" } ?? "")
        case .failed(let reason, let detail):
            b.append(" FAILED ")
            b.append(reason)
            b.append(" (")
            b.append(detail)
            b.append(")")
        case .dropped(let stage, let policy):
            b.append(" DROPPED at ")
            b.append(stage.name)
            if let policy { b.append(" (" + policy.rawValue + ")") } else { b.append(" (sensor)") }
        }
        if let e2e = t.endToEnd {
            b.append(" e2e=")
            b.append(microsecondsFromNs: e2e)
            b.append("us")
        }
        for stage in PipelineStage.allCases {
            guard let service = t.service(stage) else { continue }
            b.append(" ")
            b.append(stage.name)
            b.append("=")
            b.append(microsecondsFromNs: service)
            b.append("+")
            b.append(microsecondsFromNs: t.wait(stage) ?? 0)
        }
        b.append("\n")
        textBuffer = b
    }

    private func appendJSON(_ frame: FinishedFrame) {
        let info = frame.info
        let t = info.timing
        var b = jsonBuffer
        jsonBuffer = LogBuffer()
        b.append("{\"frame\":")
        b.append(int: info.id)
        b.append(",\"source\":")
        b.appendJSONString(info.source)
        b.append(",\"label\":")
        if let label = info.label { b.append(int: label) } else { b.append("null") }
        if !classNames.isEmpty {
            b.append(",\"label_name\":")
            if let name = info.label.flatMap(name) { b.appendJSONString(name) } else { b.append("null") }
        }
        switch frame.outcome {
        case .predicted(let label, let confidence):
            b.append(",\"prediction\":")
            b.append(int: label)
            if let name = name(label) {
                b.append(",\"class\":")
                b.appendJSONString(name)
            }
            b.append(",\"confidence\":")
            b.append(fraction: confidence)
            b.append(",\"outcome\":\"predicted\",\"reason\":null")
        case .failed(let reason, _):
            b.append(classNames.isEmpty ? ",\"prediction\":null" : ",\"prediction\":null,\"class\":null")
            b.append(",\"confidence\":null,\"outcome\":\"failed\",\"reason\":")
            b.appendJSONString(reason)
        case .dropped(let stage, let policy):
            b.append(classNames.isEmpty ? ",\"prediction\":null" : ",\"prediction\":null,\"class\":null")
            b.append(",\"confidence\":null,\"outcome\":\"dropped\",\"reason\":")
            b.append(policy == nil ? "\"sensor_drop\"" : "\"queue_full\"")
            b.append(",\"dropped_at\":\"")
            b.append(stage.name)
            b.append("\"")
        }
        for stage in PipelineStage.allCases {
            b.append(",\"")
            b.append(stage.name)
            b.append("_service_us\":")
            if let v = t.service(stage) { b.append(microsecondsFromNs: v) } else { b.append("null") }
            b.append(",\"")
            b.append(stage.name)
            b.append("_wait_us\":")
            if let v = t.wait(stage) { b.append(microsecondsFromNs: v) } else { b.append("null") }
        }
        b.append(",\"e2e_us\":")
        if let e2e = t.endToEnd { b.append(microsecondsFromNs: e2e) } else { b.append("null") }
        b.append("}\n")
        jsonBuffer = b
    }
}
