import EdgePipeline
import EdgeRuntime

/// One layer's row of a profile (`edge bench --profile`).
public struct LayerProfile: Sendable {
    public var info: LayerInfo
    /// Median wall time of the layer over the profiled calls.
    public var p50Us: Double
    /// `p50Us` over the sum of every layer's `p50Us`.
    public var share: Double

    /// Throughput at the median: FLOPs / p50 (0 for a layer without FLOPs).
    public var gflops: Double { p50Us > 0 ? Double(info.flops) / (p50Us * 1000) : 0 }
}

/// Times every layer of a compiled model, as onnxruntime's `-p` does: each layer timed on its
/// own (a clock read on either side of it, ~20 ns). ``BenchRunner`` makes the profiled calls in
/// blocks between the whole-model timed blocks of the same variant, so that both see the same
/// state of a shared, noisy machine and the rows can be compared with the whole-model p50.
public enum BenchProfiler {
    /// The profile of `subject` alone (whole-model calls and profiled calls interleaved, as
    /// `edge bench --profile` makes them), or nil when its engine cannot time layers.
    /// - Throws: ``BenchError`` naming the variant when a call fails.
    public static func profile(
        _ subject: BenchSubject, inputs: BenchInputs, options: BenchOptions
    ) throws(BenchError) -> [LayerProfile]? {
        try BenchRunner.run([subject], inputs: inputs, options: options, profile: true)[0].layers
    }
}

/// One variant's profiled calls: the per-layer times of each, kept for the medians.
struct LayerSampler {
    let context: any LayerProfiling
    let layers: [LayerInfo]
    private var times: [UInt64]
    private var samples: [[UInt64]]

    init?(_ context: any ExecutionContext, capacity: Int) {
        guard let profiling = context as? any LayerProfiling else { return nil }
        self.context = profiling
        layers = profiling.layers
        times = [UInt64](repeating: 0, count: layers.count)
        samples = [[UInt64]](repeating: [], count: layers.count)
        for index in samples.indices { samples[index].reserveCapacity(capacity) }
    }

    /// Number of recorded calls.
    var count: Int { samples.first?.count ?? 0 }

    /// One profiled call; its layer times are kept when `record`.
    mutating func call(input x: UnsafeBufferPointer<Float>, logits: inout [Float], record: Bool) throws(EngineError) {
        let context = self.context
        try logits.withUnsafeMutableBufferPointer { y throws(EngineError) in
            try times.withUnsafeMutableBufferPointer { t throws(EngineError) in
                try context.predictProfiled(input: x, logits: y, nanoseconds: t, clock: MonotonicClock.now)
            }
        }
        guard record else { return }
        for index in layers.indices { samples[index].append(times[index]) }
    }

    /// One row per layer: the median of its recorded times and its share of their sum.
    func profiles() -> [LayerProfile] {
        let medians = samples.map { values -> Double in
            let sorted = values.sorted()
            return sorted.isEmpty ? 0 : Double(sorted[sorted.count / 2]) / 1000
        }
        let total = medians.reduce(0, +)
        return zip(layers, medians).map { LayerProfile(info: $0, p50Us: $1, share: total > 0 ? $1 / total : 0) }
    }
}
