import ArgumentParser
import EdgeBench
import EdgeDeployment
import EdgeIO
import EdgeKernels
import EdgePipeline
import EdgeRuntime
import Foundation

/// `edge bench`: the variants timed on the same inputs, interleaved, single thread
/// (docs/bench.md).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the deployments of a model side by side: latency percentiles, first call, throughput.",
        discussion: """
            Each variant makes one first call (reported on its own), then its warm-up calls; then \
            the variants take turns in blocks of --block calls until each has made --iterations \
            timed calls, so drift on a busy machine hits all alike. Every call is timed; none is \
            dropped. Inputs: the MNIST test digits for a DigitCNN-shaped model, else --data DIR, \
            else seeded random tensors of the model's input shape. A requested variant that \
            cannot run is reported with the reason. See docs/bench.md.
            """
    )

    @Option(name: .long, help: "Comma-separated variants to time: eager, frozen, quantized.")
    var variants = "eager,frozen,quantized"

    @Option(name: .long, help: "Model file every requested variant loads (default: each variant's file in models/).")
    var model: String?

    @Option(
        name: .long,
        help: "Inputs: an MNIST IDX folder (its test split) or a folder of PNGs (default: samples/mnist for DigitCNN).")
    var data: String?

    @Option(
        name: .long,
        help:
            "Preprocessing file (YAML: mode, size, channels, mean, std, resize) for a PNG --data folder; overrides the model's edge.preprocess."
    )
    var preprocess: String?

    @Option(parsing: .unconditional, help: "Timed calls per variant.")
    var iterations = BenchOptions.defaultIterations

    @Option(parsing: .unconditional, help: "Untimed calls per variant before timing.")
    var warmup = BenchOptions.defaultWarmup

    @Option(parsing: .unconditional, help: "Calls of one variant before the next variant's turn.")
    var block = BenchOptions.defaultBlock

    @Option(parsing: .unconditional, help: "Seed of the random inputs (used when no data applies).")
    var seed: UInt64 = 1

    @Flag(help: "Also time every layer of each variant's plan (op, shape, FLOPs, p50, GFLOP/s, share).")
    var profile = false

    @Flag(
        help: """
            Time on a SCHED_FIFO thread with memory locked, as an always-on device runs its \
            inference thread, so that ordinary tasks of a shared machine cannot preempt it (needs \
            root or CAP_SYS_NICE).
            """)
    var realtime = false

    @Flag(help: "Print the results as JSON on stdout (docs/bench.md).")
    var json = false

    /// The requested variants, in order.
    func requestedVariants() throws -> [Variant] {
        var result: [Variant] = []
        for name in variants.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let variant = Variant(rawValue: trimmed) else {
                throw ValidationError(
                    "--variants: '\(trimmed)' is not a variant (eager, frozen, quantized)")
            }
            guard !result.contains(variant) else { throw ValidationError("--variants: \(variant) is listed twice") }
            result.append(variant)
        }
        return result
    }

    func validate() throws {
        _ = try requestedVariants()
        guard (1...10_000_000).contains(iterations) else {
            throw ValidationError("--iterations must be 1...10000000 (got \(iterations))")
        }
        guard (0...10_000_000).contains(warmup) else {
            throw ValidationError("--warmup must be 0...10000000 (got \(warmup))")
        }
        guard (1...1_000_000).contains(block) else {
            throw ValidationError("--block must be 1...1000000 (got \(block))")
        }
    }

    func run() throws {
        let report = try measure()
        print(json ? report.json.serialized(pretty: true) : report.table)
        if !report.rows.contains(where: { if case .measured = $0 { true } else { false } }) {
            throw CommandError("edge bench: no requested variant could run (reasons above)")
        }
    }

    /// Loads every requested variant (one that cannot load becomes a reported row), picks the
    /// inputs, and times the rest.
    /// - Throws: a one-line error when the inputs cannot be made or a timed call fails.
    func measure() throws -> BenchReport {
        let started = Date()
        let options = BenchOptions(iterations: iterations, warmup: warmup, block: block)
        var loaded: [Variant: BenchSubject] = [:]
        var files: [Variant: LoadedModel] = [:]
        var unavailable: [Variant: BenchReport.Unavailable] = [:]
        let requested = try requestedVariants()
        for variant in requested {
            let path = model ?? Deployment.defaultModel(variant)
            do {
                try Deployment.checkAvailable(variant, path: path)
                let model = try Deployment.load(path, variant: variant)
                files[variant] = model
                loaded[variant] = BenchSubject(
                    variant: variant, model: path, compiled: model.compiled, loadMicroseconds: model.loadMicroseconds)
            } catch {
                unavailable[variant] = .init(variant: variant, model: path, reason: error.description)
            }
        }
        var inputs: BenchInputs?
        if let first = requested.compactMap({ loaded[$0] }).first {
            let signature = first.compiled.signature
            do {
                if let data {
                    // PNGs are preprocessed as the first loaded model runs them.
                    let setup = try ModelSetup(files[first.variant]!, override: preprocess)
                    inputs = try BenchInputs.folder(data, shape: signature.inputShape, preprocess: setup.preprocess) {
                        StandardError.write("warning: \($0)\n")
                    }
                } else {
                    inputs = try BenchInputs.defaults(for: signature, seed: seed)
                }
            } catch let error as BenchError {
                throw CommandError(error.description)
            }
            // Every variant runs the same tensors: one whose input differs is reported, not timed.
            for (variant, subject) in loaded where subject.compiled.signature.inputShape != signature.inputShape {
                unavailable[variant] = .init(
                    variant: variant, model: subject.model,
                    reason: "\(subject.model): input \(subject.compiled.signature.inputShape) differs from "
                        + "\(first.variant)'s \(signature.inputShape); bench them separately")
                loaded[variant] = nil
            }
        }
        // The table names them itself; JSON output says it on stderr too.
        for reason in requested.compactMap({ unavailable[$0] }) where json {
            StandardError.write("note: \(reason.variant) not measured: \(reason.reason)\n")
        }
        if RunMetadata.currentBuild == "debug" {
            StandardError.write(
                "WARNING: this is a DEBUG build; latencies are 10-100x off. Use `swift run -c release edge bench`.\n")
        }
        let subjects = requested.compactMap { loaded[$0] }
        var measured: [Variant: BenchMeasurement] = [:]
        var stealShare: Double?
        if let inputs, !subjects.isEmpty {
            if realtime {
                do throws(BenchError) { try ThreadScheduling.makeRealtime() } catch {
                    throw CommandError("edge bench: \(error.description)")
                }
            }
            let progress = ProgressCounter(total: options.iterations * subjects.count, every: 1)
            let (stealBefore, wallBefore) = (HostInfo.stealTicks(), MonotonicClock.now())
            do {
                for m in try BenchRunner.run(
                    subjects, inputs: inputs, options: options, profile: profile,
                    progress: { done, _ in
                        progress.update(done)
                    })
                {
                    measured[m.variant] = m
                }
            } catch {
                progress.finish()
                throw CommandError(error.description)
            }
            progress.finish()
            if let before = stealBefore, let after = HostInfo.stealTicks(), after >= before {
                let cpuSeconds = Double(MonotonicClock.now() - wallBefore) / 1e9 * Double(HostInfo.onlineCPUs)
                stealShare = cpuSeconds > 0 ? Double(after - before) / HostInfo.ticksPerSecond / cpuSeconds : nil
            }
        }
        let rows: [BenchReport.Row] = requested.map { variant in
            measured[variant].map { .measured($0) } ?? .unavailable(unavailable[variant]!)
        }
        var report = BenchReport(
            kernels: KernelPath.current.rawValue, int8Kernels: QuantizedKernels(KernelPath.current).rawValue,
            startedAt: started, options: options, inputs: inputs, rows: rows)
        report.hostStealShare = stealShare
        return report
    }
}
