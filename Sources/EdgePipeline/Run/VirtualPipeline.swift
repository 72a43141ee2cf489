import EdgeRuntime

/// Runs a pipeline on a virtual clock: a discrete-event simulation in which each stage's
/// service time comes from the ``CostModel`` while the frames are really rendered, decoded,
/// preprocessed and classified.
///
/// Queues use the same ``BoundedQueueStateMachine`` as the real pipeline (waiters are server
/// numbers), sources pace on virtual time, events tie-break in insertion order, and nothing
/// reads the wall clock, so the same seed gives the same frames, outcomes, drop decisions and
/// timestamps on any machine. Simplification: a dropped frame is accounted at the sink at the
/// moment it is dropped, without occupying the sink server.
struct VirtualPipeline {
    /// Virtual time of the run's start, ns (non-zero: zero means "not reached" in timings).
    static let origin: UInt64 = 1_000_000_000
    /// Frames that may wait for the sink server. The real sink is called directly (the caller
    /// waits while it is busy); a small blocking queue models that.
    static let sinkBacklog = 4

    private enum Output {
        case toPreprocess(SourceFrame)
        case toInference(PreprocessedFrame)
        case toSink(FinishedFrame)
    }

    private enum Event {
        case sourceStart
        case serviceDone(Int)
    }

    private let config: PipelineConfig
    private var source: any FrameSource
    private var preprocess: PreprocessStage
    private var inference: [InferenceStage]
    private let recorder: SinkRecorder
    private let stop: StopSignal

    private var qPre: BoundedQueueStateMachine<SourceFrame, Int, Int>
    private var qInf: BoundedQueueStateMachine<PreprocessedFrame, Int, Int>
    private var qSink: BoundedQueueStateMachine<FinishedFrame, Int, Int>
    private var events = EventQueue<Event>()
    /// Output each busy server will deliver when its service ends.
    private var inService: [Int: Output] = [:]
    private var nextID = 0
    private var sourceDone = false
    private var inferenceDone = 0
    private var pixelsOfFrame: [Int: Int] = [:]

    private var sourceServer: Int { 0 }
    private var preprocessServer: Int { 1 }
    private var sinkServer: Int { 2 + inference.count }

    init(
        config: PipelineConfig, source: any FrameSource, contexts: [any ExecutionContext], recorder: SinkRecorder,
        stop: StopSignal
    ) {
        self.config = config
        self.source = source
        preprocess = PreprocessStage(preprocess: config.preprocessSpec)
        inference = contexts.enumerated().map { InferenceStage(context: $1, worker: $0) }
        self.recorder = recorder
        self.stop = stop
        let q = config.queues
        qPre = .init(capacity: q.preprocess.capacity, policy: q.preprocess.policy)
        qInf = .init(capacity: q.inference.capacity, policy: q.inference.policy)
        qSink = .init(capacity: Self.sinkBacklog, policy: .block)
    }

    /// Flushes the sink's writers and returns what it recorded; call after ``run()``.
    func finish() -> SinkSummary { recorder.finish() }

    /// Simulates the whole run. - Returns: frames produced.
    mutating func run() -> Int {
        events.schedule(.sourceStart, at: Self.origin)
        for server in 1...sinkServer { pull(server, at: Self.origin) }
        while let (time, event) = events.next() {
            switch event {
            case .sourceStart: startSource(at: time)
            case .serviceDone(let server): finishService(server, at: time)
            }
        }
        return nextID
    }

    private func us(_ v: Double) -> UInt64 { UInt64((v * 1000).rounded()) }

    private mutating func startSource(at time: UInt64) {
        var stopNow = stop.isStopped
        if let max = config.limits.frames, nextID >= max { stopNow = true }
        if let seconds = config.limits.seconds, time >= Self.origin &+ SourceWorker.nanoseconds(seconds) {
            stopNow = true
        }
        guard !stopNow, let delivery = source.next(id: nextID) else {
            sourceDone = true
            for waiter in qPre.finish() { consumerFinished(waiter, at: time) }
            return
        }
        let scheduled = time
        let cost = us(
            config.costModel.sourceUs + config.costModel.sourcePerMegapixelUs * Double(delivery.pixelCount) / 1e6)
        let end = time + delivery.stallNs + max(cost, 1)
        pixelsOfFrame[nextID] = delivery.pixelCount
        nextID += 1
        switch delivery.result {
        case .next(var frame):
            frame.info.timing.scheduled = scheduled
            frame.info.timing.record(.source, start: time, end: end)
            inService[sourceServer] = .toPreprocess(frame)
        case .finished(var done):
            done.info.timing.scheduled = scheduled
            done.info.timing.record(.source, start: time, end: end)
            inService[sourceServer] = .toSink(done)
        }
        events.schedule(.serviceDone(sourceServer), at: end)
    }

    /// The next source start: on the frame-rate schedule, or right away for `rate: max`.
    private mutating func scheduleSource(at time: UInt64) {
        if case .fps(let fps) = config.source.rate {
            let due = Self.origin &+ SourceWorker.nanoseconds(Double(nextID) / fps)
            events.schedule(.sourceStart, at: max(due, time))
        } else {
            events.schedule(.sourceStart, at: time)
        }
    }

    private mutating func finishService(_ server: Int, at time: UInt64) {
        guard let output = inService.removeValue(forKey: server) else { return }
        if server == sinkServer {
            if case .toSink(let frame) = output { recorder.receive(frame, stamp: false) }
            pull(server, at: time)
            return
        }
        if deliver(output, from: server, at: time) { pull(server, at: time) }
    }

    /// Pushes `output` downstream. - Returns: false when the server is now blocked.
    private mutating func deliver(_ output: Output, from server: Int, at time: UInt64) -> Bool {
        switch output {
        case .toPreprocess(let frame):
            let policy = qPre.policy
            return settle(
                Self.push(frame, into: &qPre, from: server), Output.toPreprocess,
                dropped: { .dropped($0, at: .preprocess, policy: policy) }, at: time)
        case .toInference(let frame):
            let policy = qInf.policy
            return settle(
                Self.push(frame, into: &qInf, from: server), Output.toInference,
                dropped: { .dropped($0, at: .inference, policy: policy) }, at: time)
        case .toSink(let frame):
            if case .dropped = frame.outcome, !frame.info.timing.reached(.preprocess), server == sourceServer {
                // A sensor drop: accounted at once like queue drops (see the type's note).
                drop(frame, at: time)
                return true
            }
            return settle(Self.push(frame, into: &qSink, from: server), Output.toSink, dropped: { $0 }, at: time)
        }
    }

    /// What a push into a queue asks the simulation to do next.
    private enum PushOutcome<Element> {
        /// Taken (queued, or handed to a parked producer slot); the server goes on.
        case accepted
        /// A parked consumer takes this element now.
        case startConsumer(Int, Element)
        /// The policy dropped or evicted this element.
        case drop(Element)
        /// The queue is full under `block`: the server waits.
        case blocked
    }

    private static func push<E>(
        _ element: E, into queue: inout BoundedQueueStateMachine<E, Int, Int>,
        from server: Int
    ) -> PushOutcome<E> {
        switch queue.push(element) {
        case .enqueued: return .accepted
        case .resumeConsumer(let consumer, let elements): return .startConsumer(consumer, elements[0])
        case .dropped(let lost), .evicted(let lost): return .drop(lost)
        case .suspend:
            guard let late = queue.suspendProducer(server, element: element) else { return .blocked }
            if case .resumeConsumer(let consumer, let elements) = late { return .startConsumer(consumer, elements[0]) }
            return .accepted
        }
    }

    /// Carries out `outcome`. - Returns: false when the pushing server is now blocked.
    private mutating func settle<E>(
        _ outcome: PushOutcome<E>, _ wrap: (E) -> Output,
        dropped: (E) -> FinishedFrame, at time: UInt64
    ) -> Bool {
        switch outcome {
        case .accepted: return true
        case .startConsumer(let consumer, let element):
            start(consumer, wrap(element), at: time)
            return true
        case .drop(let element):
            drop(dropped(element), at: time)
            return true
        case .blocked: return false
        }
    }

    private mutating func drop(_ frame: FinishedFrame, at time: UInt64) {
        pixelsOfFrame.removeValue(forKey: frame.info.id)
        var f = frame
        f.info.timing.record(.sink, start: time, end: time + max(us(config.costModel.sinkUs), 1))
        recorder.receive(f, stamp: false)
    }

    /// A free server takes its next work, or parks.
    private mutating func pull(_ server: Int, at time: UInt64) {
        if server == sourceServer {
            if !sourceDone { scheduleSource(at: time) }
            return
        }
        let action: (elements: Output?, producers: [Int], finished: Bool)
        if server == preprocessServer {
            action = Self.take(&qPre, server, Output.toPreprocess)
        } else if server == sinkServer {
            action = Self.take(&qSink, server, Output.toSink)
        } else {
            action = Self.take(&qInf, server, Output.toInference)
        }
        if let work = action.elements { start(server, work, at: time) }
        for producer in action.producers { pull(producer, at: time) }
        if action.finished { consumerFinished(server, at: time) }
    }

    private static func take<E>(_ q: inout BoundedQueueStateMachine<E, Int, Int>, _ server: Int, _ wrap: (E) -> Output)
        -> (elements: Output?, producers: [Int], finished: Bool)
    {
        var action = q.pop(maxCount: 1)
        if case .suspend = action {
            guard let late = q.suspendConsumer(server, maxCount: 1) else { return (nil, [], false) }
            action = late
        }
        switch action {
        case .elements(let e, let producers): return (wrap(e[0]), producers, false)
        case .finished: return (nil, [], true)
        case .suspend: return (nil, [], false)
        }
    }

    /// `server` found its input finished and empty: it stops; the last one of a stage closes
    /// the next queue.
    private mutating func consumerFinished(_ server: Int, at time: UInt64) {
        if server == preprocessServer {
            for waiter in qInf.finish() { consumerFinished(waiter, at: time) }
        } else if server != sinkServer {
            inferenceDone += 1
            if inferenceDone == inference.count {
                for waiter in qSink.finish() { consumerFinished(waiter, at: time) }
            }
        }
    }

    /// Starts `server` on `work` at `time`: really processes it, charges the modelled cost.
    private mutating func start(_ server: Int, _ work: Output, at time: UInt64) {
        let cost = config.costModel
        switch work {
        case .toPreprocess(let frame):
            let pixels = Double(pixelsOfFrame.removeValue(forKey: frame.info.id) ?? 0)
            let end = time + max(us(cost.preprocessUs + cost.preprocessPerMegapixelUs * pixels / 1e6), 1)
            switch preprocess.process(frame) {
            case .next(var out):
                out.info.decodeNs = 0
                out.info.timing.record(.preprocess, start: time, end: end)
                inService[server] = .toInference(out)
            case .finished(var done):
                done.info.decodeNs = 0
                done.info.timing.record(.preprocess, start: time, end: end)
                inService[server] = .toSink(done)
            }
            events.schedule(.serviceDone(server), at: end)
        case .toInference(let frame):
            let end = time + max(us(cost.inferenceUs), 1)
            let result: StageResult<FinishedFrame> = inference[server - 2].process(frame)
            switch result {
            case .next(var out), .finished(var out):
                out.info.timing.record(.inference, start: time, end: end)
                inService[server] = .toSink(out)
            }
            events.schedule(.serviceDone(server), at: end)
        case .toSink(var frame):
            let end = time + max(us(cost.sinkUs), 1)
            frame.info.timing.record(.sink, start: time, end: end)
            inService[server] = .toSink(frame)
            events.schedule(.serviceDone(server), at: end)
        }
    }
}
