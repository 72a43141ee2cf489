/// The source stage as an actor: paces a ``FrameSource`` (as fast as the queue takes frames,
/// or on a frame-rate schedule), stamps source timing and feeds the preprocess queue.
public actor SourceWorker {
    private var source: any FrameSource

    /// - Parameter source: owned by this actor from now on.
    public init(source: sending any FrameSource) {
        self.source = source
    }

    /// Runs until the source is exhausted, a limit is hit or `stop` is set.
    /// - Returns: how many frame ids were allocated (the run's `produced`).
    public func run(rate: FrameRate, limits: RunLimits, stop: StopSignal,
                    output: BoundedQueue<SourceFrame>, sink: Sink) async -> Int {
        let t0 = MonotonicClock.now()
        // Clamped conversions: configs are validated, but a library caller may pass anything.
        let period: UInt64? = if case .fps(let fps) = rate { Self.nanoseconds(1 / fps) } else { nil }
        let deadline: UInt64? = limits.seconds.map { t0 &+ Self.nanoseconds($0) }
        var id = 0
        while !stop.isStopped {
            if let max = limits.frames, id >= max { break }
            var scheduled = MonotonicClock.now()
            if let deadline, scheduled >= deadline { break }
            if let period {
                let (offset, overflow) = UInt64(id).multipliedReportingOverflow(by: period)
                scheduled = overflow ? UInt64.max / 2 : t0 &+ offset
                await MonotonicClock.sleep(until: scheduled)
                if stop.isStopped { break }
            }
            let start = MonotonicClock.now()
            guard let delivery = source.next(id: id) else { break }
            if delivery.stallNs > 0 {
                // A stalled sensor: the frame arrives late; stop requests still get through.
                let end = start + delivery.stallNs
                while !stop.isStopped, MonotonicClock.now() < end {
                    await MonotonicClock.sleep(until: min(end, MonotonicClock.now() + 50_000_000))
                }
            }
            let finished = MonotonicClock.now()
            id += 1
            switch delivery.result {
            case .next(var frame):
                frame.info.timing.scheduled = min(scheduled, start)
                frame.info.timing.record(.source, start: start, end: finished)
                if case .dropped(let lost) = await output.push(frame) {
                    await sink.receive(.dropped(lost, at: .preprocess, policy: output.policy))
                }
            case .finished(var done):
                done.info.timing.scheduled = min(scheduled, start)
                done.info.timing.record(.source, start: start, end: finished)
                await sink.receive(done)
            }
        }
        return id
    }

    /// `seconds` as nanoseconds, clamped to 0...100 years (NaN: 0).
    static func nanoseconds(_ seconds: Double) -> UInt64 {
        guard seconds > 0 else { return 0 }
        return UInt64(min(seconds, 3.2e9) * 1e9)
    }
}
