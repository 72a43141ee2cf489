import EdgeRuntime
import EdgeTensor
import Foundation
import Synchronization
import Testing

@testable import EdgeBench

#if canImport(Glibc)
    import Glibc
#endif

private let root = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/")

/// A model that logs every call (which model, which input) and returns its input's sum as
/// every logit: real arithmetic, so a timed call costs something.
private final class LoggingModel: CompiledModel {
    let variant: Variant
    let signature: ModelSignature
    let log: Mutex<[(Variant, Float)]>
    /// Fails on the call with this input value (its first element), when set.
    let failOn: Float?

    init(_ variant: Variant, shape: Shape = [1, 1, 2, 2], failOn: Float? = nil) {
        self.variant = variant
        signature = ModelSignature(inputName: "x", inputShape: shape, outputName: "y", classCount: 3)
        log = Mutex([])
        self.failOn = failOn
    }

    func makeContext() -> sending any ExecutionContext { LoggingContext(model: self) }
}

private final class LoggingContext: ExecutionContext {
    let logging: LoggingModel
    init(model: LoggingModel) { logging = model }
    var model: any CompiledModel { logging }

    func predict(input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>) throws(EngineError) {
        try checkBuffers(input: input, logits: logits)
        let first = input[0]
        logging.log.withLock { $0.append((logging.variant, first)) }
        if first == logging.failOn { throw .input("refused \(first)") }
        let sum = input.reduce(0, +)
        for i in logits.indices { logits[i] = sum }
    }
}

/// `count` inputs of shape [1,1,2,2] whose first element is the input's index.
private func indexedInputs(_ count: Int) -> BenchInputs {
    BenchInputs(
        kind: "test", source: "indexed", shape: [1, 1, 2, 2],
        values: (0..<count).flatMap { [Float($0), 1, 2, 3] })
}

private func subject(_ model: some CompiledModel) -> BenchSubject {
    BenchSubject(variant: model.variant, model: "\(model.variant).test", compiled: model, loadMicroseconds: 5)
}

@Suite("edge bench: interleaving, statistics, inputs, report")
struct BenchTests {
    @Test("variants take turns in blocks on the same inputs in the same order, after first call and warm-up")
    func interleaving() throws {
        let a = LoggingModel(.eager)
        let b = LoggingModel(.frozen)
        let inputs = indexedInputs(7)
        let results = try BenchRunner.run(
            [subject(a), subject(b)], inputs: inputs, options: BenchOptions(iterations: 250, warmup: 3, block: 100))
        // Each model: 1 first call (input 0), 3 warm-up calls (inputs 1...3), 250 timed calls
        // (inputs 0, 1, ... cycling through 7).
        for model in [a, b] {
            let calls = model.log.withLock { $0.map(\.1) }
            #expect(calls.count == 1 + 3 + 250)
            #expect(Array(calls.prefix(4)) == [0, 1, 2, 3])
            #expect(Array(calls.dropFirst(4)) == (0..<250).map { Float($0 % 7) })
        }
        #expect(results.map(\.variant) == [.eager, .frozen])
        for m in results {
            #expect(m.iterations == 250)
            #expect(m.minUs <= m.p50Us && m.p50Us <= m.p90Us && m.p90Us <= m.p99Us && m.p99Us <= m.p999Us)
            #expect(m.p999Us <= m.maxUs * 1.001 && m.minUs <= m.meanUs && m.meanUs <= m.maxUs)
            #expect(abs(m.throughputPerSecond - 1e6 / m.meanUs) / m.throughputPerSecond < 1e-9)
            #expect(m.firstCallUs > 0 && m.loadUs == 5)
        }
    }

    @Test("the timed calls alternate in blocks: A×100, B×100, A×100, B×100, A×50, B×50")
    func blockOrder() throws {
        let shared = SharedLogModel()
        let x = SharedLogModel.View(shared: shared, variant: .eager)
        let y = SharedLogModel.View(shared: shared, variant: .frozen)
        _ = try BenchRunner.run(
            [
                BenchSubject(variant: .eager, model: "x", compiled: x, loadMicroseconds: 0),
                BenchSubject(variant: .frozen, model: "y", compiled: y, loadMicroseconds: 0),
            ], inputs: indexedInputs(3), options: BenchOptions(iterations: 250, warmup: 2, block: 100))
        var runs: [(Variant, Int)] = []
        for variant in shared.log.withLock({ $0 }) {
            if let last = runs.last, last.0 == variant {
                runs[runs.count - 1].1 += 1
            } else {
                runs.append((variant, 1))
            }
        }
        #expect(runs.map(\.0) == [.eager, .frozen, .eager, .frozen, .eager, .frozen, .eager, .frozen])
        #expect(runs.map(\.1) == [3, 3, 100, 100, 100, 100, 50, 50])
    }

    @Test("a failing call stops the bench with a line naming the variant, model and input")
    func failure() {
        let a = LoggingModel(.eager, failOn: 4)
        #expect(throws: BenchError("eager (eager.test) failed on input 4: input: refused 4.0")) {
            try BenchRunner.run(
                [subject(a)], inputs: indexedInputs(6), options: BenchOptions(iterations: 10, warmup: 0))
        }
        let wide = LoggingModel(.eager, shape: [1, 3, 2, 2])
        #expect(throws: BenchError("indexed: inputs are [1,1,2,2], but the model takes [1,3,2,2]")) {
            try BenchRunner.run([subject(wide)], inputs: indexedInputs(2), options: BenchOptions(iterations: 1))
        }
    }

    @Test("inputs: the MNIST test split normalized as training did; seeded random tensors; PNG folders")
    func inputs() throws {
        let mnist = try BenchInputs.mnistTest(directory: root + "/samples/mnist")
        #expect(mnist.count == 1000 && mnist.shape == [1, 1, 28, 28] && mnist.kind == "mnist-test")
        let raw = try Data(contentsOf: URL(fileURLWithPath: root + "/samples/mnist/test-images-idx3-ubyte"))
        for index in [0, 400, 784 * 999 + 500] {
            let pixel = Float(raw[16 + index])
            #expect(mnist.values[index] == (pixel / 255 - 0.1307) / 0.3081)
        }
        let r1 = BenchInputs.random(shape: [1, 3, 4, 4], count: 5, seed: 9)
        let r2 = BenchInputs.random(shape: [1, 3, 4, 4], count: 5, seed: 9)
        let r3 = BenchInputs.random(shape: [1, 3, 4, 4], count: 5, seed: 10)
        #expect(r1.values == r2.values && r1.values != r3.values && r1.count == 5)
        let mean = r1.values.reduce(0, +) / Float(r1.values.count)
        #expect(abs(mean) < 0.3)

        let folder = NSTemporaryDirectory() + "edge-bench-inputs-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["0004_0.png", "0500_5.png"] {
            try FileManager.default.copyItem(atPath: root + "/samples/digits/" + name, toPath: folder + "/" + name)
        }
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: folder + "/bad.png"))
        var warnings: [String] = []
        let pngs = try BenchInputs.folder(folder, shape: [1, 1, 28, 28]) { warnings.append($0) }
        #expect(pngs.count == 2 && pngs.kind == "png-folder")
        #expect(warnings.count == 1 && warnings[0].contains("bad.png"))
        #expect(throws: BenchError.self) { try BenchInputs.folder(folder, shape: [1, 3, 32, 32]) { _ in } }
        #expect(throws: BenchError("/nonexistent-dir: not a directory")) {
            try BenchInputs.folder("/nonexistent-dir", shape: [1, 1, 28, 28]) { _ in }
        }
    }

    @Test("the JSON has the documented keys; an unmeasured variant is a row with its reason; ratios are to eager")
    func report() throws {
        let a = LoggingModel(.eager)
        let b = LoggingModel(.frozen)
        let measured = try BenchRunner.run(
            [subject(a), subject(b)], inputs: indexedInputs(3), options: BenchOptions(iterations: 20, warmup: 1))
        let report = BenchReport(
            kernels: "portable", startedAt: Date(timeIntervalSince1970: 0), options: BenchOptions(iterations: 20),
            inputs: indexedInputs(3),
            rows: [
                .measured(measured[0]), .measured(measured[1]),
                .unavailable(.init(variant: .quantized, model: "q.onnx", reason: "q.onnx: not built yet")),
            ])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(report.json.serialized().utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "schema_version", "cpu", "kernels", "int8_kernels", "build", "scheduling", "memory_locked",
                "host_steal_share", "started_at", "iterations", "warmup", "block", "inputs", "variants",
            ])
        #expect(object["schema_version"] as? Int == 1 && object["started_at"] as? String == "1970-01-01T00:00:00Z")
        let variants = try #require(object["variants"] as? [[String: Any]])
        #expect(
            Set(variants[0].keys) == [
                "variant", "model", "iterations", "mean_us", "min_us", "p50_us", "p90_us", "p99_us", "p999_us",
                "max_us", "first_call_us", "load_us", "throughput_per_s", "ratio_to_eager", "first_call_page_faults",
                "page_faults", "involuntary_switches", "voluntary_switches", "switched_calls", "p99_unswitched_us",
                "p999_unswitched_us",
            ])
        #expect(variants[0]["ratio_to_eager"] as? Double == 1)
        let ratio = try #require(variants[1]["ratio_to_eager"] as? Double)
        #expect(abs(ratio - measured[1].p50Us / measured[0].p50Us) < 1e-3)
        #expect(Set(variants[2].keys) == ["variant", "model", "error"])
        #expect(variants[2]["error"] as? String == "q.onnx: not built yet")
        let table = report.table
        #expect(table.contains("quantized  not measured") && table.contains("quantized: q.onnx: not built yet"))
        #expect(table.contains("20 timed calls per variant in interleaved blocks of 100"))
        #expect(table.contains("scheduling \(ThreadScheduling.current())"))
        #expect(table.contains("eager: models") || table.contains("tail: p99.9"))
    }

    @Test("page faults and context switches inside a timed call are counted against that call")
    func osCounters() throws {
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let faulting = try BenchRunner.run(
            [subject(FaultingModel(pages: 8, pageSize: pageSize))], inputs: indexedInputs(2),
            options: BenchOptions(iterations: 10, warmup: 0))[0]
        #expect(faulting.timedCalls.pageFaults >= 80 && faulting.firstCall.pageFaults >= 8)

        let sleeping = try BenchRunner.run(
            [subject(SleepingModel())], inputs: indexedInputs(2), options: BenchOptions(iterations: 5, warmup: 0))[0]
        #expect(sleeping.switchedCalls == 5 && sleeping.timedCalls.voluntarySwitches >= 5)
        #expect(sleeping.unswitchedP99Us == nil && sleeping.unswitchedP999Us == nil)
        let tail = BenchReport.tailNote(sleeping)
        #expect(tail.contains("switched the thread out during 5 of 5 calls"))

        let before = ThreadCounters.now()
        usleep(1000)
        let slept = ThreadCounters.now() - before
        #expect(slept.voluntarySwitches >= 1 && slept.switched)
    }

    @Test("the host facts a tail is read against: scheduling policy, steal ticks, memory lock")
    func hostFacts() {
        let policy = ThreadScheduling.current()
        #expect(policy == "other" || policy == "batch" || policy.hasPrefix("fifo:") || policy.hasPrefix("rr:"))
        #expect(HostInfo.stealTicks() != nil)
        #expect(HostInfo.onlineCPUs >= 1 && HostInfo.ticksPerSecond > 0)
    }
}

/// A model whose every call maps fresh pages and touches them: `pages` page faults a call.
private final class FaultingModel: CompiledModel {
    let variant = Variant.frozen
    let signature = ModelSignature(inputName: "x", inputShape: [1, 1, 2, 2], outputName: "y", classCount: 1)
    let pages: Int, pageSize: Int
    init(pages: Int, pageSize: Int) { (self.pages, self.pageSize) = (pages, pageSize) }
    func makeContext() -> sending any ExecutionContext { Context(model: self) }

    final class Context: ExecutionContext {
        let faulting: FaultingModel
        init(model: FaultingModel) { faulting = model }
        var model: any CompiledModel { faulting }
        func predict(input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>) throws(EngineError) {
            let length = faulting.pages * faulting.pageSize
            guard let memory = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                memory != MAP_FAILED
            else { return }
            let bytes = memory.assumingMemoryBound(to: UInt8.self)
            for page in 0..<faulting.pages { bytes[page * faulting.pageSize] = 1 }
            logits[0] = input[0] + Float(bytes[0])
            munmap(memory, length)
        }
    }
}

/// A model whose every call sleeps: the thread gives up the CPU in each.
private final class SleepingModel: CompiledModel {
    let variant = Variant.frozen
    let signature = ModelSignature(inputName: "x", inputShape: [1, 1, 2, 2], outputName: "y", classCount: 1)
    func makeContext() -> sending any ExecutionContext { Context(model: self) }

    final class Context: ExecutionContext {
        let sleeping: SleepingModel
        init(model: SleepingModel) { sleeping = model }
        var model: any CompiledModel { sleeping }
        func predict(input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>) throws(EngineError) {
            usleep(200)
            logits[0] = input[0]
        }
    }
}

/// Two views of one log, to see the order in which the runner calls different models.
private final class SharedLogModel: Sendable {
    let log = Mutex<[Variant]>([])

    final class View: CompiledModel {
        let shared: SharedLogModel
        let variant: Variant
        let signature = ModelSignature(inputName: "x", inputShape: [1, 1, 2, 2], outputName: "y", classCount: 1)
        init(shared: SharedLogModel, variant: Variant) {
            self.shared = shared
            self.variant = variant
        }
        func makeContext() -> sending any ExecutionContext { Context(view: self) }
    }

    final class Context: ExecutionContext {
        let view: View
        init(view: View) { self.view = view }
        var model: any CompiledModel { view }
        func predict(input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>) throws(EngineError) {
            let variant = view.variant
            view.shared.log.withLock { $0.append(variant) }
            logits[0] = input[0]
        }
    }
}
