import EdgePipeline
import EdgeRuntime

/// One model to time: a variant's compiled model and the file it came from.
public struct BenchSubject {
    public var variant: Variant
    public var model: String
    public var compiled: any CompiledModel
    /// Time to read and compile the file, µs.
    public var loadMicroseconds: Double

    public init(variant: Variant, model: String, compiled: any CompiledModel, loadMicroseconds: Double) {
        self.variant = variant
        self.model = model
        self.compiled = compiled
        self.loadMicroseconds = loadMicroseconds
    }
}

/// How `edge bench` times: calls per variant, warm-up, and the block size of the interleaving.
public struct BenchOptions: Sendable {
    /// Timed calls per variant.
    public var iterations: Int
    /// Untimed calls per variant before timing starts (after the first call).
    public var warmup: Int
    /// Calls of one variant before the next variant's turn.
    public var block: Int

    public static let defaultIterations = 10_000
    public static let defaultWarmup = 200
    public static let defaultBlock = 100

    public init(iterations: Int = defaultIterations, warmup: Int = defaultWarmup, block: Int = defaultBlock) {
        precondition(iterations > 0 && warmup >= 0 && block > 0)
        self.iterations = iterations
        self.warmup = warmup
        self.block = block
    }
}

/// What one variant measured, in microseconds.
public struct BenchMeasurement: Sendable {
    public var variant: Variant
    public var model: String
    public var iterations: Int
    public var meanUs: Double, minUs: Double, p50Us: Double, p90Us: Double, p99Us: Double, p999Us: Double
    public var maxUs: Double
    /// The first `predict` after the model was compiled and its context made.
    public var firstCallUs: Double
    public var loadUs: Double
    /// Calls per second of timed work (`iterations / Σ call time`).
    public var throughputPerSecond: Double
    /// The per-layer profile (`--profile`), when requested and the engine can time layers.
    public var layers: [LayerProfile]?
    /// What the OS did to the bench thread during the first call.
    public var firstCall = ThreadCounters()
    /// What the OS did to the bench thread during the timed calls, summed.
    public var timedCalls = ThreadCounters()
    /// Timed calls during which the thread was switched out (the host's share of the tail).
    public var switchedCalls = 0
    /// p99 and p99.9 of the timed calls the thread was not switched out of, µs (nil when
    /// every call was).
    public var unswitchedP99Us: Double?, unswitchedP999Us: Double?

    /// Sum of the layers' p50s (nil without a profile).
    public var layersP50SumUs: Double? { layers.map { $0.reduce(0) { $0 + $1.p50Us } } }
}

/// Times several compiled models on the same inputs, interleaved so that drift of a shared,
/// noisy machine hits all alike: single thread, each variant's warm-up excluded, then rounds
/// in which every variant makes `block` calls in turn, each call timed on its own into an
/// HdrHistogram (mean, min and max exact). No outlier is dropped.
public enum BenchRunner {
    /// - Parameters:
    ///   - profile: also profile every variant whose engine can time layers: after each block of
    ///     timed calls, the same number of profiled calls (their warm-up too), so the rows and the
    ///     whole-model p50 see the same machine.
    ///   - progress: called after each round with the timed calls done and the total.
    /// - Returns: one measurement per subject, in order.
    /// - Throws: ``BenchError`` naming the variant and input when a call fails (the first call
    ///   checks each model on input 0 before anything is timed).
    public static func run(
        _ subjects: [BenchSubject], inputs: BenchInputs, options: BenchOptions, profile: Bool = false,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws(BenchError) -> [BenchMeasurement] {
        var lanes: [Lane] = []
        for subject in subjects {
            try inputs.check(shape: subject.compiled.signature.inputShape)
            lanes.append(Lane(subject: subject, profile: profile, capacity: options.iterations))
        }
        for index in lanes.indices {
            (lanes[index].firstCallNs, lanes[index].firstCall) = try lanes[index].call(input: 0, inputs: inputs)
            for call in 0..<options.warmup { try lanes[index].call(input: call + 1, inputs: inputs) }
            for call in 0..<options.warmup {
                try lanes[index].profiledCall(input: call + 1, inputs: inputs, record: false)
            }
        }
        let total = options.iterations * lanes.count
        var done = 0
        while done < total {
            for index in lanes.indices {
                let calls = min(options.block, options.iterations - lanes[index].timed)
                let first = lanes[index].timed
                for _ in 0..<calls { try lanes[index].timedCall(inputs: inputs) }
                for call in 0..<calls {
                    try lanes[index].profiledCall(input: first + call, inputs: inputs, record: true)
                }
                done += calls
            }
            progress(done, total)
        }
        return lanes.map { $0.measurement() }
    }

    /// One variant's context, logits buffer and statistics.
    private struct Lane {
        let subject: BenchSubject
        let context: any ExecutionContext
        var logits: [Float]
        var stats = LatencyStats()
        /// The timed calls the thread was not switched out of.
        var unswitched = LatencyStats()
        var firstCall = ThreadCounters()
        var counters = ThreadCounters()
        var switchedCalls = 0
        var timed = 0
        var sumNs: UInt64 = 0
        var minNs = UInt64.max
        var maxNs: UInt64 = 0
        var firstCallNs: UInt64 = 0
        /// The profiled calls, when profiling was asked for and the engine can time layers.
        var sampler: LayerSampler?

        init(subject: BenchSubject, profile: Bool, capacity: Int) {
            self.subject = subject
            context = subject.compiled.makeContext()
            logits = [Float](repeating: 0, count: subject.compiled.signature.classCount)
            if profile { sampler = LayerSampler(context, capacity: capacity) }
        }

        /// One profiled call on input `input` (nothing without a sampler).
        mutating func profiledCall(input: Int, inputs: BenchInputs, record: Bool) throws(BenchError) {
            guard var sampler else { return }
            self.sampler = nil  // keeps the sampler's arrays uniquely referenced while it records
            defer { self.sampler = sampler }
            var logits = self.logits
            self.logits = []  // likewise, so writing the logits does not copy them
            let failure: EngineError? = inputs.withInput(input) { x in
                do throws(EngineError) { try sampler.call(input: x, logits: &logits, record: record) } catch {
                    return error
                }
                return nil
            }
            self.logits = logits
            if let failure {
                throw BenchError(
                    "\(subject.variant) (\(subject.model)) profile failed on input \(input % inputs.count): \(failure)")
            }
        }

        /// One call on input `input`; returns its time in ns, with both clock reads right around
        /// `predict`, and what the OS did to the thread meanwhile (read just outside the clock
        /// reads, so the two `getrusage` calls are not timed).
        @discardableResult
        mutating func call(input: Int, inputs: BenchInputs) throws(BenchError) -> (UInt64, ThreadCounters) {
            let context = self.context
            var elapsed: UInt64 = 0
            var counters = ThreadCounters()
            let failure: EngineError? = inputs.withInput(input) { x in
                logits.withUnsafeMutableBufferPointer { y in
                    let before = ThreadCounters.now()
                    let start = MonotonicClock.now()
                    do throws(EngineError) { try context.predict(input: x, logits: y) } catch { return error }
                    elapsed = MonotonicClock.now() - start
                    counters = ThreadCounters.now() - before
                    return nil
                }
            }
            if let failure {
                throw BenchError(
                    "\(subject.variant) (\(subject.model)) failed on input \(input % inputs.count): \(failure)")
            }
            return (elapsed, counters)
        }

        /// The timed call of the `timed`-th input.
        mutating func timedCall(inputs: BenchInputs) throws(BenchError) {
            let (elapsed, os) = try call(input: timed, inputs: inputs)
            stats.record(ns: elapsed)
            counters += os
            if os.switched { switchedCalls += 1 } else { unswitched.record(ns: elapsed) }
            sumNs += elapsed
            minNs = min(minNs, elapsed)
            maxNs = max(maxNs, elapsed)
            timed += 1
        }

        func measurement() -> BenchMeasurement {
            let summary = stats.summary
            let totalUs = Double(sumNs) / 1000
            var measurement = BenchMeasurement(
                variant: subject.variant, model: subject.model, iterations: timed,
                meanUs: totalUs / Double(max(timed, 1)), minUs: Double(minNs) / 1000,
                p50Us: summary.p50Us, p90Us: summary.p90Us, p99Us: summary.p99Us, p999Us: summary.p999Us,
                maxUs: Double(maxNs) / 1000, firstCallUs: Double(firstCallNs) / 1000,
                loadUs: subject.loadMicroseconds,
                throughputPerSecond: totalUs > 0 ? Double(timed) / (totalUs / 1e6) : 0)
            measurement.layers = sampler?.profiles()
            measurement.firstCall = firstCall
            measurement.timedCalls = counters
            measurement.switchedCalls = switchedCalls
            if unswitched.count > 0 {
                let quiet = unswitched.summary
                (measurement.unswitchedP99Us, measurement.unswitchedP999Us) = (quiet.p99Us, quiet.p999Us)
            }
            return measurement
        }
    }
}
