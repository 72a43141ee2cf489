/// A frame whose outcome is settled, on its way to the sink.
public struct FinishedFrame: FrameCarrying {
    public var info: FrameInfo
    public var outcome: FrameOutcome

    public init(info: FrameInfo, outcome: FrameOutcome) {
        self.info = info
        self.outcome = outcome
    }

    /// The frame `carrier` dropped by the queue in front of `stage`.
    public static func dropped(_ carrier: some FrameCarrying, at stage: PipelineStage, policy: QueuePolicy?)
        -> FinishedFrame
    {
        FinishedFrame(info: carrier.info, outcome: .dropped(stage: stage, policy: policy))
    }
}
