import ArgumentParser
import EdgeIO
import EdgeImaging
import EdgeKernels
import EdgePipeline
import EdgeRuntime
import EdgeTensor
import Foundation

/// `edge infer <png>...`: classify PNG files like a device log, with first-call and steady timings.
struct InferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Classify PNG images and time the first call after load and the steady state."
    )

    @Argument(help: "PNG files to classify.")
    var images: [String]

    @OptionGroup var modelOptions: ModelOptions

    @Flag(help: "Print the results as JSON on stdout.")
    var json = false

    @Option(parsing: .unconditional, help: "Inference calls timed for the steady-state median, on the first image.")
    var repeats = 100

    func validate() throws {
        guard !images.isEmpty else { throw ValidationError("give at least one PNG file") }
        guard (1...1_000_000).contains(repeats) else {
            throw ValidationError("--repeats must be 1...1000000 (got \(repeats))")
        }
    }

    func run() throws {
        let report = try classify()
        print(json ? report.json() : report.log())
        if report.images.contains(where: { $0.error != nil }) { throw ExitCode.failure }
    }

    /// Loads the model, classifies every file (a file that fails is reported in its entry and
    /// on stderr, and the others go on), then times the steady state on the first input.
    /// - Throws: a one-line error when the model cannot be loaded or a prediction fails.
    func classify() throws -> InferReport {
        let setup = try modelOptions.load()
        let engine = setup.loaded.compiled.makeContext()
        let classifier = FrameClassifier(preprocess: setup.preprocess)
        let classCount = setup.loaded.compiled.signature.classCount
        var labelsByDirectory: [String: LabelsFile?] = [:]
        var results: [InferResult] = []
        var firstInput: Tensor<Float>?

        for path in images {
            let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
            let name = path.split(separator: "/").last.map(String.init) ?? path
            if labelsByDirectory[directory] == nil {
                // A broken labels.csv costs the true labels, not the classification: say so once.
                do {
                    labelsByDirectory[directory] = .some(
                        try LabelsFile.load(directory: directory, classCount: classCount))
                } catch {
                    labelsByDirectory[directory] = .some(nil)
                    StandardError.write("Warning: \(error); true labels in \(directory) are unknown\n")
                }
            }
            let label = labelsByDirectory[directory]!?.label(of: name)
            let prepared = classifier.decode(contentsOf: path).flatMap { classifier.prepare($0, name: path) }
            var outcome: Result<Prediction, FrameClassifier.Failure> = .failure(
                FrameClassifier.Failure(reason: "", detail: ""))
            var elapsed: Duration?
            switch prepared {
            case .success(let input):
                let clock = ContinuousClock()
                let start = clock.now
                outcome = FrameClassifier.predict(input, with: engine, name: path)
                elapsed = clock.now - start
                if case .success = outcome, firstInput == nil { firstInput = input }
            case .failure(let failure):
                outcome = .failure(failure)
            }
            switch outcome {
            case .success(let prediction):
                results.append(
                    InferResult(
                        file: path, label: label, prediction: prediction.label, confidence: prediction.confidence,
                        empty: false, inferenceMicroseconds: elapsed?.microseconds, error: nil,
                        logits: prediction.logits))
            case .failure(let failure) where failure.isEmptyFrame:
                // As on the device: a frame without ink is not classified (empty_frame).
                results.append(
                    InferResult(
                        file: path, label: label, prediction: nil, confidence: nil, empty: true,
                        inferenceMicroseconds: nil, error: nil))
            case .failure(let failure):
                results.append(
                    InferResult(
                        file: path, label: label, prediction: nil, confidence: nil, empty: false,
                        inferenceMicroseconds: nil, error: failure.detail))
                StandardError.write("Error: \(failure.detail)\n")
            }
        }

        var steady: [Double] = []
        if let input = firstInput {
            steady.reserveCapacity(repeats)
            for _ in 0..<repeats {
                steady.append(try ContinuousClock().measure { _ = try engine.predict(input) }.microseconds)
            }
            steady.sort()
        }
        return InferReport(
            variant: modelOptions.variant.rawValue, model: modelOptions.modelPath,
            kernels: KernelPath.current.rawValue,
            firstCallMicroseconds: results.first { $0.inferenceMicroseconds != nil }?.inferenceMicroseconds,
            steadyP50Microseconds: steady.isEmpty ? nil : steady[steady.count / 2],
            steadyCalls: steady.count, images: results, preprocess: setup.preprocess, classes: setup.classes)
    }
}

extension Duration {
    /// The duration in microseconds.
    var microseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
    }
}
