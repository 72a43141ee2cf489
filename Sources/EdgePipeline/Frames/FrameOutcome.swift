/// How a frame's life ended; exactly one per frame id.
public enum FrameOutcome: Sendable, Equatable {
    /// Classified.
    case predicted(label: Int, confidence: Float)
    /// A stage could not process it; `reason` is a machine tag (`corrupt_png`, `empty_frame`,
    /// `inference_error`, ...), `detail` one human line.
    case failed(reason: String, detail: String)
    /// Discarded unprocessed: by the sensor (`stage == .source`, `policy == nil`) or by the full
    /// queue in front of `stage` under `policy`.
    case dropped(stage: PipelineStage, policy: QueuePolicy?)

    /// `predicted`, `failed` or `dropped`.
    public var name: String {
        switch self {
        case .predicted: "predicted"
        case .failed: "failed"
        case .dropped: "dropped"
        }
    }
}
