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

        public init(traceFile: String? = nil, progress: Bool = true, stop: StopSignal = StopSignal(),
                    onNotes: (@Sendable ([String]) -> Void)? = nil) {
            self.traceFile = traceFile
            self.progress = progress
            self.stop = stop
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
        let notes = try makeSource().notes
        if !notes.isEmpty { options.onNotes?(notes) }
        // Engines load before the clock starts: wall time and throughput measure the run.
        var virtualEngines: [any InferenceEngine] = []
        var inferenceWorkers: [StageWorker<InferenceStage>] = []
        for i in 0..<config.inference.workers {
            if config.clock == .virtual {
                virtualEngines.append(try makeEngine())
            } else {
                inferenceWorkers.append(StageWorker(stage: InferenceStage(engine: try makeEngine(), worker: i)))
            }
        }
        let startedAt = ISO8601DateFormatter().string(from: Date())
        let origin = config.clock == .virtual ? VirtualPipeline.origin : MonotonicClock.now()
        let cpuStart = MonotonicClock.processCPUTime()
        let log = try config.sink.logDirectory.map { dir throws(PipelineError) in try FrameLogWriter(directory: dir, batch: config.sink.logBatch) }
        let trace = try options.traceFile.map { path throws(PipelineError) in try TraceWriter(path: path, origin: origin, workers: config.inference.workers) }
        let recorder = SinkRecorder(warmupFrames: config.sink.warmupFrames, origin: origin, log: log, trace: trace)
        var files = [log?.textPath, log?.jsonlPath, trace?.path].compactMap { $0 }
        files.sort()

        let produced: Int
        if config.clock == .virtual {
            var simulation = VirtualPipeline(config: config, source: try makeSource(), engines: virtualEngines,
                                             recorder: recorder, stop: options.stop)
            produced = simulation.run()
            recorder.finish()
        } else {
            produced = await runRealTime(source: SourceWorker(source: try makeSource()), inferenceWorkers: inferenceWorkers, recorder: recorder)
        }
        let end = config.clock == .virtual ? recorder.lastEnd : MonotonicClock.now()
        let cpu = MonotonicClock.processCPUTime() - cpuStart
        if let error = recorder.writeError { throw error }

        var counts = recorder.counts
        counts.produced = produced
        let window = Double(recorder.lastEnd - (recorder.measuredStart ?? recorder.lastEnd)) / 1e9
        let loggedFrames = max(counts.received, 1)
        return RunResult(
            counts: counts, service: recorder.service, wait: recorder.wait, endToEnd: recorder.endToEnd,
            overhead: recorder.overhead, decode: recorder.decode, warmupFrames: config.sink.warmupFrames,
            wallSeconds: Double(end - origin) / 1e9,
            throughputPerSecond: window > 0 ? Double(recorder.predictedAfterWarmup) / window : 0,
            startedAt: startedAt, interrupted: options.stop.isStopped, notes: notes,
            logWriteNsPerFrame: Double(recorder.logWriteNs) / Double(loggedFrames),
            cpuMicrosecondsPerFrame: Double(cpu) / 1000 / Double(max(produced, 1)), files: files)
    }

    private func makeEngine() throws(PipelineError) -> sending any InferenceEngine {
        do {
            return try factory.makeEngine(variant: config.inference.variant)
        } catch {
            throw PipelineError(file: "", problem: "cannot load the \(config.inference.variant.rawValue) model: \(error)")
        }
    }

    private func makeSource() throws(PipelineError) -> sending any FrameSource {
        do throws(SourceError) {
            switch config.source {
            case .folder(let folder): return try FolderSource(config: folder)
            case .syntheticCamera(let camera): return try SyntheticCameraSource(config: camera)
            }
        } catch {
            throw PipelineError(file: error.path, problem: error.problem)
        }
    }

    private func runRealTime(source sourceWorker: SourceWorker, inferenceWorkers: [StageWorker<InferenceStage>],
                             recorder: SinkRecorder) async -> Int {
        let q = config.queues
        let toPreprocess = BoundedQueue<SourceFrame>(capacity: q.preprocess.capacity, policy: q.preprocess.policy)
        let toInference = BoundedQueue<PreprocessedFrame>(capacity: q.inference.capacity, policy: q.inference.policy)
        let preprocessWorker = StageWorker(stage: PreprocessStage())
        let sink = Sink(recorder: recorder, progress: ProgressLine(enabled: options.progress && StandardError.isTerminal))
        let config = self.config, stop = options.stop

        async let produced = { () async -> Int in
            let n = await sourceWorker.run(rate: config.source.rate, limits: config.limits, stop: stop,
                                           output: toPreprocess, sink: sink)
            toPreprocess.finish()
            return n
        }()
        async let preprocessed: Void = {
            await preprocessWorker.run(input: toPreprocess, batch: config.preprocess.batch, output: toInference,
                                       downstream: .inference, sink: sink)
            toInference.finish()
        }()
        await withTaskGroup(of: Void.self) { group in
            for worker in inferenceWorkers {
                group.addTask { await worker.run(input: toInference, batch: config.inference.batch, sink: sink) }
            }
        }
        let count = await produced
        await preprocessed
        await sink.finish()
        return count
    }
}
