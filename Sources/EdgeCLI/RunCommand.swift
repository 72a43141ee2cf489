import ArgumentParser
import EdgeDeployment
import EdgeIO
import EdgeKernels
import EdgePipeline
import EdgeRuntime
import Foundation

/// `edge run <pipeline.yaml>`: the device's main job.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline file: frame source -> preprocess -> inference -> sink, with per-stage latency.",
        discussion:
            "SIGINT/SIGTERM stop the source, drain frames in flight, flush the logs and print the summary (exit 0)."
    )

    @Argument(help: "Pipeline definition (YAML), e.g. pipelines/replay-samples.yaml.")
    var pipeline: String

    @Option(help: "Deployment to run (overrides the file): eager, frozen or quantized.")
    var variant: Variant?

    @Option(help: "Model file (overrides the file and the variant's default in models/).")
    var model: String?

    @Option(
        help:
            "Preprocessing file (YAML: mode, size, channels, mean, std, resize); overrides the file's preprocess: keys and the model's edge.preprocess."
    )
    var preprocess: String?

    @Option(parsing: .unconditional, help: "Stop after this many frames.")
    var frames: Int?

    @Option(parsing: .unconditional, help: "Stop after this many seconds.")
    var seconds: Double?

    @Option(parsing: .unconditional, help: "Inference workers (overrides the file).")
    var workers: Int?

    @Option(help: "Write the JSON run report (docs/report.md) to this file.")
    var report: String?

    @Option(help: "Write a Chrome trace-event JSON file (open in Perfetto).")
    var trace: String?

    @Flag(
        help: "After the run, time a plain single-thread inference loop over the same preprocessed frames and compare.")
    var compareLoop = false

    @Flag(help: "Print the run report (docs/report.md) as JSON on stdout instead of the summary.")
    var json = false

    func validate() throws {
        if let frames, frames < 1 { throw ValidationError("--frames must be at least 1") }
        if let seconds, !(seconds >= 0.001 && seconds <= 1e9) { throw ValidationError("--seconds must be 0.001...1e9") }
        if let workers, !(1...64).contains(workers) { throw ValidationError("--workers must be 1...64") }
    }

    func run() async throws {
        // Every output is checked before any work, so a bad path costs nothing.
        for path in [report, trace].compactMap({ $0 }) {
            do { try OutputPath(path).check() } catch { throw CommandError(error.description) }
        }
        var config: PipelineConfig
        do {
            config = try PipelineConfig.load(contentsOf: pipeline)
        } catch {
            throw CommandError(error.description)
        }
        if let variant { config.inference.variant = variant }
        if let frames { config.limits.frames = frames }
        if let seconds { config.limits.seconds = seconds }
        if let workers { config.inference.workers = workers }
        if let model { config.inference.model = model }
        let variant = config.inference.variant
        let modelPath = config.inference.model ?? Deployment.defaultModel(variant)
        let factory: DeploymentFactory
        do {
            try Deployment.checkAvailable(variant, path: modelPath)
            factory = try DeploymentFactory(models: [variant: modelPath])
            guard let loaded = factory.model(variant: variant) else {
                throw DeploymentError("\(modelPath): not loaded")
            }
            // Preprocessing: --preprocess, the pipeline's preprocess: keys, the model's, digit mode.
            let setup = try ModelSetup(
                loaded, override: preprocess, overridden: config.preprocess.spec)
            config.adopt(
                classCount: loaded.compiled.signature.classCount, classNames: setup.classes,
                preprocess: setup.preprocess)
        } catch let error as DeploymentError {
            throw CommandError(error.description)
        }
        let metadata = RunMetadata(
            variant: variant, modelSHA256: try factory.modelSHA256(variant: variant),
            kernels: KernelPath.current.rawValue)
        if metadata.build == "debug" {
            StandardError.write(
                "WARNING: this is a DEBUG build; latencies are 10-100x off. Use `swift run -c release edge run ...`.\n")
        }
        let stop = StopSignal()
        stop.installSignalHandlers()
        let result: RunResult
        do {
            let options = Pipeline.Options(
                traceFile: trace, stop: stop, onWarning: { StandardError.write($0 + "\n") },
                onNotes: { notes in
                    for note in notes { StandardError.write("note: \(note)\n") }
                })
            result = try await Pipeline(config: config, factory: factory, options: options).run()
        } catch {
            throw CommandError(error.description)
        }
        var summary = result.summary(config: config, metadata: metadata)
        var document = result.report(config: config, metadata: metadata)
        if let report {
            do {
                try OutputPath(report).write(document.serialized(pretty: true) + "\n")
            } catch {
                throw CommandError("\(report): cannot write the report: \(error.problem)")
            }
            summary += "wrote \(report)\n"
        }
        if compareLoop && !stop.isStopped {
            let loop: PlainLoop.Result
            do {
                loop = try PlainLoop.measure(
                    config: config, factory: factory, count: max(200, min(result.counts.predicted, 5000)))
            } catch {
                throw CommandError(error.description)
            }
            let ratio = loop.framesPerSecond > 0 ? result.throughputPerSecond / loop.framesPerSecond : 0
            if case .object(var pairs) = document {
                pairs.append(
                    (
                        "plain_loop",
                        .object([
                            ("frames_per_s", .rounded(loop.framesPerSecond, digits: 1)),
                            ("p50_us", .rounded(loop.p50Us, digits: 1)),
                            ("inferences", .int(loop.frames)), ("distinct_inputs", .int(loop.distinctInputs)),
                            ("cpu_us_per_frame", .rounded(loop.cpuMicrosecondsPerFrame, digits: 1)),
                            ("pipeline_over_loop", .rounded(ratio, digits: 4)),
                        ])
                    ))
                document = .object(pairs)
            }
            summary +=
                "plain loop: \(Int(loop.framesPerSecond.rounded())) frames/s (p50 \(Int(loop.p50Us.rounded())) us, "
                + "\(loop.frames) inferences over \(loop.distinctInputs) preprocessed frames, 1 thread, "
                + "cpu \(Int(loop.cpuMicrosecondsPerFrame.rounded())) us/frame); "
                + "pipeline/loop = \(Int((ratio * 1000).rounded()) / 10)%\n"
        }
        print(json ? document.serialized(pretty: true) : summary, terminator: json ? "\n" : "")
        guard result.accountingBalances else {
            throw CommandError(
                "\(pipeline): accounting mismatch: produced \(result.counts.produced), sink received \(result.counts.received) (a pipeline bug)"
            )
        }
    }
}
