/// The last stage: an actor that takes finished frames in batches, puts them in id order,
/// records statistics, writes the per-frame log and trace, and draws progress.
public actor Sink {
    let recorder: SinkRecorder
    private let progress: ProgressLine
    private let batch: Int

    init(recorder: SinkRecorder, progress: ProgressLine, batch: Int = 64) {
        self.recorder = recorder
        self.progress = progress
        self.batch = batch
    }

    /// Consumes `input` until it is finished and drained, then flushes the writers.
    func run(input: BoundedQueue<FinishedFrame>) async {
        while let frames = await input.pop(maxCount: batch) {
            for frame in frames { recorder.receive(frame, stamp: true) }
            progress.update(recorder.counts, now: MonotonicClock.now())
        }
        recorder.finish()
        progress.clear()
    }
}
