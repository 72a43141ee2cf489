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

/// Times every layer of a compiled model, as onnxruntime's `-p` does: the model's warm-up calls
/// untimed, then profiled calls in which each layer is timed on its own (a clock read on either
/// side of it, ~20 ns). Single thread, the same inputs as the whole-model timing.
public enum BenchProfiler {
    /// The profile of `subject`, or nil when its engine cannot time layers.
    /// - Throws: ``BenchError`` naming the variant when a call fails.
    public static func profile(
        _ subject: BenchSubject, inputs: BenchInputs, options: BenchOptions
    ) throws(BenchError) -> [LayerProfile]? {
        guard let context = subject.compiled.makeContext() as? any LayerProfiling else { return nil }
        let layers = context.layers
        var logits = [Float](repeating: 0, count: subject.compiled.signature.classCount)
        var times = [UInt64](repeating: 0, count: layers.count)
        var samples = [[UInt64]](repeating: [], count: layers.count)
        for index in samples.indices { samples[index].reserveCapacity(options.iterations) }
        for call in 0..<(options.warmup + options.iterations) {
            let failure: EngineError? = inputs.withInput(call) { x in
                logits.withUnsafeMutableBufferPointer { y in
                    times.withUnsafeMutableBufferPointer { t in
                        do throws(EngineError) {
                            try context.predictProfiled(input: x, logits: y, nanoseconds: t, clock: MonotonicClock.now)
                        } catch { return error }
                        return nil
                    }
                }
            }
            if let failure {
                throw BenchError(
                    "\(subject.variant) (\(subject.model)) profile failed on input \(call % inputs.count): \(failure)")
            }
            guard call >= options.warmup else { continue }
            for index in layers.indices { samples[index].append(times[index]) }
        }
        let medians = samples.map { values -> Double in
            let sorted = values.sorted()
            return sorted.isEmpty ? 0 : Double(sorted[sorted.count / 2]) / 1000
        }
        let total = medians.reduce(0, +)
        return zip(layers, medians).map { LayerProfile(info: $0, p50Us: $1, share: total > 0 ? $1 / total : 0) }
    }
}
