/// One replica of a stage as an actor: pops frame batches from its input queue, processes
/// them, stamps their timing and pushes results downstream until the input is finished.
///
/// Frames a downstream queue drops, and frames the stage fails, go to the sink queue (which
/// blocks), so every frame is accounted for.
public actor StageWorker<S: FrameStage> {
    private var stage: S

    /// - Parameter stage: owned by this actor from now on.
    public init(stage: sending S) {
        self.stage = stage
    }

    /// Runs until `input` is finished and drained.
    /// - Parameters:
    ///   - batch: most frames taken per wake-up.
    ///   - output: the next stage's queue; when `S.Output` is ``FinishedFrame`` it is the sink queue.
    ///   - downstream: the stage behind `output`, named when `output` drops a frame.
    public func run(input: BoundedQueue<S.Input>, batch: Int, output: BoundedQueue<S.Output>,
                    downstream: PipelineStage, sink: BoundedQueue<FinishedFrame>) async {
        while let frames = await input.pop(maxCount: batch) {
            for frame in frames {
                let start = MonotonicClock.now()
                let result = stage.process(frame)
                let end = MonotonicClock.now()
                switch result {
                case .next(var next):
                    next.info.timing.record(S.stage, start: start, end: end)
                    if case .dropped(let lost) = await output.push(next) {
                        _ = await sink.push(.dropped(lost, at: downstream, policy: output.policy))
                    }
                case .finished(var done):
                    done.info.timing.record(S.stage, start: start, end: end)
                    _ = await sink.push(done)
                }
            }
        }
    }
}
