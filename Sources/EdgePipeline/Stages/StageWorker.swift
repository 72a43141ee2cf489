/// One replica of a stage as an actor: pops frame batches from its input queue, processes
/// them, stamps their timing and hands results on until the input is finished.
///
/// Frames a downstream queue drops and frames the stage fails go straight to the ``Sink``, so
/// every frame is accounted for.
public actor StageWorker<S: FrameStage> {
    private var stage: S

    /// - Parameter stage: owned by this actor from now on.
    public init(stage: sending S) {
        self.stage = stage
    }

    /// Runs until `input` is finished and drained, pushing results into `output`.
    /// - Parameters:
    ///   - batch: most frames taken per wake-up.
    ///   - downstream: the stage behind `output`, named when `output` drops a frame.
    public func run(
        input: BoundedQueue<S.Input>, batch: Int, output: BoundedQueue<S.Output>,
        downstream: PipelineStage, sink: Sink
    ) async {
        while let frames = await input.pop(maxCount: batch) {
            for frame in frames {
                let start = MonotonicClock.now()
                let result = stage.process(frame)
                let end = MonotonicClock.now()
                switch result {
                case .next(var next):
                    next.info.timing.record(S.stage, start: start, end: end)
                    if case .dropped(let lost) = await output.push(next) {
                        await sink.receive(.dropped(lost, at: downstream, policy: output.policy))
                    }
                case .finished(var done):
                    done.info.timing.record(S.stage, start: start, end: end)
                    await sink.receive(done)
                }
            }
        }
    }
}

extension StageWorker where S.Output == FinishedFrame {
    /// Runs until `input` is finished and drained, handing each result to the sink as soon as
    /// it is ready (the last stage before the sink).
    public func run(input: BoundedQueue<S.Input>, batch: Int, sink: Sink) async {
        while let frames = await input.pop(maxCount: batch) {
            for frame in frames {
                let start = MonotonicClock.now()
                let result = stage.process(frame)
                let end = MonotonicClock.now()
                switch result {
                case .next(var out), .finished(var out):
                    out.info.timing.record(S.stage, start: start, end: end)
                    await sink.receive(out)
                }
            }
        }
    }
}
