import EdgeIO
import EdgeRuntime
import Foundation

/// Builds and runs a pipeline from a config: source → preprocess → inference (N workers) →
/// sink, each stage an actor. Source, preprocess and inference are joined by bounded queues
/// with a policy; the sink is called directly (see ``Sink``).
///
/// The engine factory comes from the caller (the CLI), so this module never reads model files.
public struct Pipeline: Sendable {
    /// Run options that are not part of the pipeline file.
    public struct Options: Sendable {
        /// Chrome trace-event output file.
        public var traceFile: String?
        /// Draw the progress line (only happens when stderr is a terminal).
        public var progress: Bool
        /// Set to stop the source early (signals).
        public var stop: StopSignal
        /// Called once before the first frame with the source's notes (skipped files, ...).
        public var onNotes: (@Sendable ([String]) -> Void)?
        /// Called with a one-line warning while the run goes on (a source that cannot keep
        /// its frame rate says so once).
        public var onWarning: (@Sendable (String) -> Void)?

        public init(
            traceFile: String? = nil, progress: Bool = true, stop: StopSignal = StopSignal(),
            onWarning: (@Sendable (String) -> Void)? = nil, onNotes: (@Sendable ([String]) -> Void)? = nil
        ) {
            self.traceFile = traceFile
            self.progress = progress
            self.stop = stop
            self.onWarning = onWarning
            self.onNotes = onNotes
        }
    }

    public let config: PipelineConfig
    public let factory: any InferenceEngineFactory
    public let options: Options

    public init(config: PipelineConfig, factory: any InferenceEngineFactory, options: Options = .init()) {
        self.config = config
        self.factory = factory
        self.options = options
    }

    /// Runs to the end of the source, a limit or a stop request, and drains every frame.
    /// - Throws: ``PipelineError`` when the source, an engine or an output file cannot be set
    ///   up, or a log write failed. Frame-level problems never throw: they are failed frames.
    public func run() async throws(PipelineError) -> RunResult {
        let source = try Self.makeSource(config.source, file: config.file)
        let notes = source.notes
        if !notes.isEmpty { options.onNotes?(notes) }
        let startedAt = ISO8601DateFormatter().string(from: Date())
        let clocked =
            switch config.clock {
            case .virtual: try runVirtual(source: source)
            case .real: try await runRealTime(source: source)
            }
        let sink = clocked.sink
        if let error = sink.writeError { throw error }

        var counts = sink.counts
        counts.produced = clocked.produced
        let window = Double(sink.lastEnd - (sink.measuredStart ?? sink.lastEnd)) / 1e9
        let loggedFrames = max(counts.received, 1)
        var files = [
            config.sink.logDirectory.map { $0 + "/edge_log.txt" },
            config.sink.logDirectory.map { $0 + "/edge_log.jsonl" },
            options.traceFile,
        ].compactMap { $0 }
        files.sort()
        return RunResult(
            counts: counts, service: sink.service, wait: sink.wait, endToEnd: sink.endToEnd,
            overhead: sink.overhead, decode: sink.decode, warmupFrames: config.sink.warmupFrames,
            wallSeconds: Double(clocked.end - clocked.origin) / 1e9,
            throughputPerSecond: window > 0 ? Double(sink.predictedAfterWarmup) / window : 0,
            startedAt: startedAt, interrupted: options.stop.isStopped, notes: notes, sourcePacing: clocked.pacing,
            logWriteNsPerFrame: Double(sink.logWriteNs) / Double(loggedFrames),
            cpuMicrosecondsPerFrame: Double(clocked.cpuNs) / 1000 / Double(max(clocked.produced, 1)), files: files)
    }

    /// The source a config names; the one place a ``SourceConfig`` becomes a ``FrameSource``.
    /// - Parameter file: the pipeline file, named first in an error with the key that led there
    ///   (`pipelines/x.yaml: source.path: /data: cannot list the folder: No such file or directory`).
    /// - Throws: ``PipelineError`` naming the file or folder that cannot be used.
    static func makeSource(_ config: SourceConfig, file: String? = nil) throws(PipelineError) -> sending any FrameSource
    {
        do throws(SourceError) {
            switch config {
            case .folder(let folder): return try FolderSource(config: folder)
            case .syntheticCamera(let camera): return try SyntheticCameraSource(config: camera)
            }
        } catch {
            guard let file else { throw PipelineError(file: error.path, problem: error.problem) }
            let key = error.key.map { "\($0): " } ?? ""
            throw PipelineError(file: file, problem: "\(key)\(error.path): \(error.problem)")
        }
    }

    // MARK: One topology, two clocks

    /// What a run on either clock hands back.
    private struct ClockedRun: Sendable {
        var produced: Int
        var sink: SinkSummary
        var pacing: SourcePacing?
        /// Clock readings (real or virtual ns) at the start and the end of the run.
        var origin: UInt64
        var end: UInt64
        /// Process CPU time over the run, ns.
        var cpuNs: UInt64
    }

    /// The compiled model every inference worker shares (compiled once by the factory).
    private func compiledModel() throws(PipelineError) -> any CompiledModel {
        let model: any CompiledModel
        do {
            model = try factory.compiledModel(variant: config.inference.variant)
        } catch {
            throw PipelineError(
                file: "", problem: "cannot load the \(config.inference.variant.rawValue) model: \(error)")
        }
        try FrameClassifier(preprocess: config.preprocessSpec).checkInput(of: model.signature)
        return model
    }

    /// The sink's recorder with its log and trace open (files are checked before any frame).
    private func makeRecorder(origin: UInt64) throws(PipelineError) -> sending SinkRecorder {
        let log = try config.sink.logDirectory.map { dir throws(PipelineError) in
            try FrameLogWriter(directory: dir, batch: config.sink.logBatch, classNames: config.inference.classNames)
        }
        let trace = try options.traceFile.map { path throws(PipelineError) in
            try TraceWriter(path: path, origin: origin, workers: config.inference.workers)
        }
        return SinkRecorder(warmupFrames: config.sink.warmupFrames, origin: origin, log: log, trace: trace)
    }

    /// The virtual clock: a deterministic simulation on this thread (see ``VirtualPipeline``).
    private func runVirtual(source: sending any FrameSource) throws(PipelineError) -> ClockedRun {
        let model = try compiledModel()
        var contexts: [any ExecutionContext] = []
        for _ in 0..<config.inference.workers { contexts.append(model.makeContext()) }
        let cpuStart = MonotonicClock.processCPUTime()
        var simulation = VirtualPipeline(
            config: config, source: source, contexts: contexts,
            recorder: try makeRecorder(origin: VirtualPipeline.origin), stop: options.stop)
        let produced = simulation.run()
        let sink = simulation.finish()
        return ClockedRun(
            produced: produced, sink: sink, pacing: nil, origin: VirtualPipeline.origin, end: sink.lastEnd,
            cpuNs: MonotonicClock.processCPUTime() - cpuStart)
    }

    /// The real clock: each stage an actor, joined by bounded queues.
    private func runRealTime(source: sending any FrameSource) async throws(PipelineError) -> ClockedRun {
        // The model compiles before the clock starts: wall time and throughput measure the run.
        let model = try compiledModel()
        var inferenceWorkers: [StageWorker<InferenceStage>] = []
        for i in 0..<config.inference.workers {
            inferenceWorkers.append(StageWorker(stage: InferenceStage(context: model.makeContext(), worker: i)))
        }
        let sourceWorker = SourceWorker(source: source)
        let origin = MonotonicClock.now()
        let cpuStart = MonotonicClock.processCPUTime()
        let sink = Sink(
            recorder: try makeRecorder(origin: origin),
            progress: ProgressLine(enabled: options.progress && StandardError.isTerminal))
        let q = config.queues
        let toPreprocess = BoundedQueue<SourceFrame>(capacity: q.preprocess.capacity, policy: q.preprocess.policy)
        let toInference = BoundedQueue<PreprocessedFrame>(capacity: q.inference.capacity, policy: q.inference.policy)
        let preprocessWorker = StageWorker(stage: PreprocessStage(preprocess: config.preprocessSpec))
        let config = self.config
        let stop = options.stop
        let onLate = options.onWarning

        async let sourced = { () async -> SourceWorker.Outcome in
            let outcome = await sourceWorker.run(
                rate: config.source.rate, limits: config.limits, stop: stop,
                output: toPreprocess, sink: sink, onLate: onLate)
            toPreprocess.finish()
            return outcome
        }()
        async let preprocessed: Void = {
            await preprocessWorker.run(
                input: toPreprocess, batch: config.preprocess.batch, output: toInference,
                downstream: .inference, sink: sink)
            toInference.finish()
        }()
        await withTaskGroup(of: Void.self) { group in
            for worker in inferenceWorkers {
                group.addTask { await worker.run(input: toInference, batch: config.inference.batch, sink: sink) }
            }
        }
        let outcome = await sourced
        await preprocessed
        let summary = await sink.finish()
        return ClockedRun(
            produced: outcome.produced, sink: summary, pacing: outcome.pacing, origin: origin,
            end: MonotonicClock.now(), cpuNs: MonotonicClock.processCPUTime() - cpuStart)
    }
}
