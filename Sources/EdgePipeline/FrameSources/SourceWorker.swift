/// The source stage as an actor: paces a ``FrameSource`` (as fast as the queue takes frames,
/// or on a frame-rate schedule), stamps source timing and feeds the preprocess queue.
public actor SourceWorker {
    private var source: any FrameSource

    /// - Parameter source: owned by this actor from now on.
    public init(source: sending any FrameSource) {
        self.source = source
    }

    /// What a run of the source produced.
    public struct Outcome: Sendable {
        /// How many frame ids were allocated (the run's `produced`).
        public var produced: Int
        /// Schedule keeping, for a paced source; nil for `rate: max`.
        public var pacing: SourcePacing?
    }

    /// Runs until the source is exhausted, a limit is hit or `stop` is set.
    /// - Parameter onLate: called once, with a one-line warning, the first time a paced frame
    ///   starts more than three periods (and 50 ms) behind its slot.
    public func run(
        rate: FrameRate, limits: RunLimits, stop: StopSignal,
        output: BoundedQueue<SourceFrame>, sink: Sink,
        onLate: (@Sendable (String) -> Void)? = nil
    ) async -> Outcome {
        let t0 = MonotonicClock.now()
        // Clamped conversions: configs are validated, but a library caller may pass anything.
        let period: UInt64? = if case .fps(let fps) = rate { Self.nanoseconds(1 / fps) } else { nil }
        let deadline: UInt64? = limits.seconds.map { t0 &+ Self.nanoseconds($0) }
        var lateFrames = 0
        var maxLateness: UInt64 = 0
        var lastService: UInt64 = 0
        var lastDelivery = t0
        var warned = false
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
            if let period, start > scheduled {
                let lateness = start - scheduled
                maxLateness = max(maxLateness, lateness)
                if lateness > period { lateFrames += 1 }
                // Warn once the delay is clearly more than a slow first frame or a hiccup:
                // three periods and at least 50 ms behind.
                if !warned, lateness > max(3 * period, 50_000_000), case .fps(let fps) = rate {
                    warned = true
                    onLate?(
                        SourcePacing.warning(targetFPS: fps, frame: id, latenessNs: lateness, serviceNs: lastService))
                }
            }
            guard let delivery = source.next(id: id) else { break }
            if delivery.stallNs > 0 {
                // A stalled sensor: the frame arrives late; stop requests still get through.
                let end = start + delivery.stallNs
                while !stop.isStopped, MonotonicClock.now() < end {
                    await MonotonicClock.sleep(until: min(end, MonotonicClock.now() + 50_000_000))
                }
            }
            let finished = MonotonicClock.now()
            lastService = finished - start
            lastDelivery = finished
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
        var pacing: SourcePacing?
        if case .fps(let fps) = rate {
            let seconds = Double(lastDelivery - t0) / 1e9
            pacing = SourcePacing(
                targetFPS: fps, deliveredFPS: seconds > 0 ? Double(id) / seconds : 0,
                lateFrames: lateFrames, maxLatenessUs: Double(maxLateness) / 1000)
        }
        return Outcome(produced: id, pacing: pacing)
    }

    /// `seconds` as nanoseconds, clamped to 0...100 years (NaN: 0).
    static func nanoseconds(_ seconds: Double) -> UInt64 {
        guard seconds > 0 else { return 0 }
        return UInt64(min(seconds, 3.2e9) * 1e9)
    }
}
