import EdgeRuntime
import EdgeTensor

/// The yardstick for the pipeline's efficiency: a plain single-thread loop of inference over
/// the same preprocessed frames, with one engine, no queues, no actors, no logging.
public enum PlainLoop {
    /// What the loop measured.
    public struct Result: Sendable {
        public var frames: Int
        public var framesPerSecond: Double
        public var p50Us: Double
        public var distinctInputs: Int
        /// Process CPU time per inference, µs (compare with the run's `cpuMicrosecondsPerFrame`).
        public var cpuMicrosecondsPerFrame: Double
    }

    /// Preprocesses up to `distinct` frames of `config`'s source (failed ones skipped), then
    /// runs `count` predictions over them in a loop after `warmup` untimed ones.
    /// - Throws: ``PipelineError`` when the source or engine cannot be set up, or no frame
    ///   survives preprocessing.
    public static func measure(
        config: PipelineConfig, factory: any InferenceEngineFactory,
        count: Int, warmup: Int = 20, distinct: Int = 256
    ) throws(PipelineError) -> Result {
        var source = try Pipeline.makeSource(config.source, file: config.file)
        var preprocess = PreprocessStage(preprocess: config.preprocessSpec)
        var inputs: [PreprocessedFrame] = []
        var id = 0
        while inputs.count < distinct, id < distinct * 4, let delivery = source.next(id: id) {
            id += 1
            if case .next(let frame) = delivery.result, case .next(let ready) = preprocess.process(frame) {
                inputs.append(ready)
            }
        }
        guard !inputs.isEmpty else {
            throw PipelineError(file: config.name, problem: "no frame survived preprocessing")
        }
        let engine: any ExecutionContext
        do {
            engine = try factory.compiledModel(variant: config.inference.variant).makeContext()
        } catch {
            throw PipelineError(file: "", problem: "cannot load the model: \(error)")
        }
        try preprocess.classifier.checkInput(of: engine.model.signature)
        // The inputs an engine rejects are left out, so a failure is never timed as a success.
        inputs = inputs.filter { (try? engine.predict($0.tensor)) != nil }
        guard !inputs.isEmpty else {
            throw PipelineError(file: config.name, problem: "the model failed on every preprocessed frame")
        }
        // The timed loop calls the engine as the inference stage does: caller-owned logits.
        var logits = [Float](repeating: 0, count: engine.model.signature.classCount)
        func call(_ input: Tensor<Float>) -> Bool { (try? engine.predict(input, into: &logits)) != nil }
        for i in 0..<warmup { _ = call(inputs[i % inputs.count].tensor) }
        var stats = LatencyStats()
        var failures = 0
        let start = MonotonicClock.now()
        let cpuStart = MonotonicClock.processCPUTime()
        for i in 0..<count {
            let t0 = MonotonicClock.now()
            if call(inputs[i % inputs.count].tensor) {
                stats.record(ns: MonotonicClock.now() - t0)
            } else {
                failures += 1
            }
        }
        guard failures == 0 else {
            throw PipelineError(file: config.name, problem: "\(failures) of \(count) timed predictions failed")
        }
        let seconds = Double(MonotonicClock.now() - start) / 1e9
        let cpu = Double(MonotonicClock.processCPUTime() - cpuStart) / 1000
        return Result(
            frames: count, framesPerSecond: Double(count) / seconds, p50Us: stats.summary.p50Us,
            distinctInputs: inputs.count, cpuMicrosecondsPerFrame: cpu / Double(count))
    }
}
