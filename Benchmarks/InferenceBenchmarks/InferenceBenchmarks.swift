// Inference latency per deployment on DigitCNN (batch 1, single thread).
//
//   swift package --disable-sandbox benchmark --target InferenceBenchmarks
//
// Weights are seeded PyTorch-style initialisations with BatchNorm statistics drawn from a
// seeded generator (timing does not depend on the values); the input is a seeded normalised
// 28×28 image.
import Benchmark
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
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .microseconds,
        warmupIterations: 50,
        maxDuration: .seconds(3),
        maxIterations: 20_000
    )

    // Built once: the benchmark measures steady-state inference, not loading.
    let engine: EagerEngine
    do {
        engine = try EagerEngine(graph: DigitCNN.graph(weights: benchmarkWeights()))
    } catch {
        fatalError("DigitCNN eager engine: \(error)")
    }
    let input = benchmarkInput()

    Benchmark("DigitCNN eager predict (\(KernelPath.current))") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try engine.predict(input))
        }
    }
}
