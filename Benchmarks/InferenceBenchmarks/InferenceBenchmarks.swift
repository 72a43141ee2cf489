// Inference latency per deployment on DigitCNN (batch 1, single thread).
//
//   swift package --disable-sandbox benchmark --target InferenceBenchmarks
//
// Weights are seeded PyTorch-style initialisations with BatchNorm statistics drawn from a
// seeded generator (timing does not depend on the values); the input is a seeded normalised
// 28×28 image.
import Benchmark
import EdgeDeployment
import EdgeGraph
import EdgeKernels
import EdgeRuntime
import EdgeTensor

/// DigitCNN weights for timing: seeded, with non-trivial BatchNorm statistics.
func benchmarkWeights() -> DigitCNNWeights {
    var weights = DigitCNNWeights(seed: 42)
    var generator = SplitMix64(seed: 43)
    for layer in ["bn1", "bn2"] {
        let channels = weights["\(layer).weight"].count
        weights["\(layer).running_mean"] = Tensor(
            shape: [channels], scalars: (0..<channels).map { _ in generator.nextFloat(in: -0.1..<0.1) })
        weights["\(layer).running_var"] = Tensor(
            shape: [channels], scalars: (0..<channels).map { _ in generator.nextFloat(in: 0.5..<2) })
    }
    return weights
}

/// A seeded normalised `[1,1,28,28]` input.
func benchmarkInput() -> Tensor<Float> {
    var generator = SplitMix64(seed: 7)
    return Tensor(
        shape: [1, 1, 28, 28], scalars: (0..<784).map { _ in (generator.nextFloat(in: 0..<1) - 0.1307) / 0.3081 })
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .memoryLeaked],
        timeUnits: .microseconds,
        warmupIterations: 50,
        maxDuration: .seconds(3),
        maxIterations: 20_000
    )

    let graph = DigitCNN.graph(weights: benchmarkWeights())
    let input = benchmarkInput().scalars

    // One benchmark per engine that exists, through the same factory as the CLI. Each iteration
    // is exactly one `predict` into caller-owned logits, so `mallocCountTotal` per iteration is
    // the engine's own allocations per inference: 51 for eager (which allocates each op's output,
    // as PyTorch does), 0 for frozen and quantized (their arenas and scratch belong to the context).
    for variant in Variant.allCases where Deployment.runnable.contains(variant) {
        let compiled: any CompiledModel
        do {
            // The int8 engine needs a QDQ graph: the committed quantized model (run from the package root).
            compiled =
                variant == .quantized
                ? try Deployment.load(Deployment.defaultModel(.quantized), variant: .quantized).compiled
                : try Deployment.compile(graph, variant: variant, path: "DigitCNN (seeded weights)")
        } catch {
            fatalError("DigitCNN \(variant): \(error)")
        }
        Benchmark("DigitCNN \(variant) predict (\(KernelPath.current))") { benchmark in
            let context = compiled.makeContext()
            var logits = [Float](repeating: 0, count: compiled.signature.classCount)
            input.withUnsafeBufferPointer { x in
                logits.withUnsafeMutableBufferPointer { y in
                    // The context's first call is outside the measurement.
                    try? context.predict(input: x, logits: y)
                    benchmark.startMeasurement()
                    for _ in benchmark.scaledIterations {
                        try? context.predict(input: x, logits: y)
                    }
                    benchmark.stopMeasurement()
                }
            }
            blackHole(logits)
        }
    }
}
