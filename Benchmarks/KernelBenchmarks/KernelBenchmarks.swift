// Kernel benchmarks at DigitCNN's shapes: `swift package benchmark --target KernelBenchmarks`.
// Each benchmark reports wall-clock time, malloc count and a custom "GFLOP/s" metric
// (floating-point operations of the kernel divided by the measured time).
import Benchmark
import EdgeKernels

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, gflopsMetric],
        timeUnits: .nanoseconds,
        warmupIterations: 20,
        scalingFactor: .one,
        maxDuration: .seconds(1),
        maxIterations: 100_000
    )
    let training = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal, gflopsMetric],
        timeUnits: .microseconds,
        warmupIterations: 2,
        scalingFactor: .one,
        maxDuration: .seconds(1),
        maxIterations: 1_000
    )
    let net = DigitCNNWorkspace(batch: 1)
    let batch = DigitCNNWorkspace(batch: 64)
    Benchmark.defaultConfiguration = configuration

    Benchmark("path \(KernelPath.current)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(KernelPath.current) }
    }
    measured("conv1 forward 1->32 28x28", flops: net.conv1.forwardFLOPs, configuration) {
        net.conv1Forward()
    }
    measured("conv2 forward 32->64 14x14", flops: net.conv2.forwardFLOPs, configuration) {
        net.conv2Forward()
    }
    measured("gemm 64x196x288 (conv2 shape)", flops: net.conv2.forwardFLOPs, configuration) { net.conv2Gemm() }
    measured("fc1 forward 3136->80", flops: 2 * 3136 * 80, configuration) { net.fc1Forward() }
    measured("fc2 forward 80->10", flops: 2 * 80 * 10, configuration) { net.fc2Forward() }
    measured("bn1 inference 32x28x28", flops: 2 * 32 * 784, configuration) { net.bn1() }
    measured("bn2 inference 64x14x14", flops: 2 * 64 * 196, configuration) { net.bn2() }
    measured("relu 32x28x28", flops: 32 * 784, configuration) { net.relu1() }
    measured("relu 64x14x14", flops: 64 * 196, configuration) { net.relu2() }
    measured("maxpool 2x2 32x28x28", flops: 32 * 784, configuration) { net.maxPool1() }
    measured("maxpool 2x2 64x14x14", flops: 64 * 196, configuration) { net.maxPool2() }
    measured("DigitCNN forward unfused", flops: net.forwardFLOPs, configuration) { net.forward() }

    measured("train b64 forward unfused", flops: batch.forwardFLOPs, training) { batch.forward() }
    measured("train b64 conv2 backward input", flops: batch.conv2.forwardFLOPs, training) {
        batch.conv2BackwardInput()
    }
    measured("train b64 conv2 backward weight", flops: batch.conv2.forwardFLOPs, training) {
        batch.conv2BackwardWeight()
    }
    measured("train b64 fc1 backward", flops: 2 * 2 * 64 * 3136 * 80, training) { batch.fc1Backward() }
}

let gflopsMetric = BenchmarkMetric.custom("GFLOP/s", polarity: .prefersLarger, useScalingFactor: false)

/// Registers a benchmark that runs `body` once per iteration and reports GFLOP/s for `flops`.
func measured(
    _ name: String, flops: Int, _ configuration: Benchmark.Configuration,
    _ body: @escaping @Sendable () -> Void
) {
    Benchmark(name, configuration: configuration) { benchmark in
        let clock = ContinuousClock()
        let start = clock.now
        for _ in benchmark.scaledIterations { body() }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let count = benchmark.scaledIterations.count
        benchmark.measurement(gflopsMetric, Int((Double(flops * count) / seconds / 1e9).rounded()))
    }
}
