/// Frames by outcome; the run's accounting.
public struct RunCounts: Sendable, Equatable {
    /// Frame ids the source allocated (warm-up included).
    public var produced = 0
    public var predicted = 0
    public var failed = 0
    public var dropped = 0
    public var failedByReason: [String: Int] = [:]
    public var droppedByStage: [String: Int] = [:]
    /// Predicted frames with a known label, and how many of those were right.
    public var labelled = 0
    public var correct = 0
    /// Frames that carried a true label, whatever their outcome.
    public var withLabel = 0
    /// Frames the sink received (every id must arrive exactly once).
    public var received = 0

    public init() {}

    /// Counts `frame`'s outcome.
    public mutating func count(_ frame: FinishedFrame) {
        received += 1
        if frame.info.label != nil { withLabel += 1 }
        switch frame.outcome {
        case .predicted(let label, _):
            predicted += 1
            if let truth = frame.info.label {
                labelled += 1
                if truth == label { correct += 1 }
            }
        case .failed(let reason, _):
            failed += 1
            failedByReason[reason, default: 0] += 1
        case .dropped(let stage, _):
            dropped += 1
            droppedByStage[stage.name, default: 0] += 1
        }
    }

    /// `produced == predicted + failed + dropped`, and every produced id reached the sink.
    public var balances: Bool {
        produced == predicted + failed + dropped && received == produced
    }

    /// Fraction of labelled predicted frames classified right; nil without labels.
    public var accuracy: Double? {
        labelled > 0 ? Double(correct) / Double(labelled) : nil
    }
}
