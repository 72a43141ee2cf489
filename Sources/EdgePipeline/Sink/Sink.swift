/// The last stage: an actor that takes finished frames (any order, usually a batch per call),
/// puts them in id order, records statistics, writes the per-frame log and trace, and draws
/// progress.
///
/// Stages call it directly instead of through a queue: its work per frame is about a
/// microsecond, so a direct actor call (tens of ns when the sink is idle, run on the caller's
/// thread) beats a queue hop that wakes another thread for every frame. The await is the
/// backpressure.
public actor Sink {
    let recorder: SinkRecorder
    private let progress: ProgressLine
    private var sinceProgress = 0

    init(recorder: sending SinkRecorder, progress: ProgressLine) {
        self.recorder = recorder
        self.progress = progress
    }

    /// Takes one finished frame.
    func receive(_ frame: FinishedFrame) {
        recorder.receive(frame, stamp: true)
        tick(1)
    }

    /// Takes finished frames, in any order.
    func receive(_ frames: [FinishedFrame]) {
        for frame in frames { recorder.receive(frame, stamp: true) }
        tick(frames.count)
    }

    private func tick(_ n: Int) {
        sinceProgress += n
        if sinceProgress >= 32 {
            sinceProgress = 0
            progress.update(recorder.counts, now: MonotonicClock.now())
        }
    }

    /// Flushes the writers, clears the progress line and returns what was recorded; call once
    /// every frame is in.
    func finish() -> SinkSummary {
        progress.clear()
        return recorder.finish()
    }
}
