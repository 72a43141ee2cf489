import EdgeGraph
import EdgeImaging
import EdgeKernels
import EdgeModelIO
import EdgeTensor
import Testing

@testable import EdgeRuntime

/// "Equal" as the frozen engine promises it: per image `max |a − b| ≤ 1e-4 · max(1, max |ref|)`
/// and the same top-1.
func frozenEquals(_ a: [Float], _ reference: [Float]) -> Bool {
    let scale = max(1, reference.map(abs).max() ?? 0)
    let error = zip(a, reference).map { abs($0 - $1) }.max() ?? 0
    let top = { (v: [Float]) in v.indices.max { v[$0] < v[$1] } }
    return error <= 1e-4 * scale && top(a) == top(reference)
}

@Suite("Frozen engine")
struct FrozenEngineTests {
    static let repository = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/")

    @Test(
        "DigitCNN frozen equals the eager engine and the reference forward on every kernel path",
        arguments: KernelPath.available)
    func matchesEager(path: KernelPath) throws {
        let weights = testWeights(seed: 21)
        let graph = DigitCNN.graph(weights: weights)
        let frozen = try FrozenModel(graph: graph, path: path).makeContext()
        let eager = try EagerModel(graph: graph, path: path).makeContext()
        for seed in [UInt64(1), 2, 3] {
            let input = testInput(seed: seed)
            let ours = try frozen.logits(input)
            let reference = try eager.logits(input)
            #expect(frozenEquals(ours, reference), "path \(path), seed \(seed): \(ours) vs \(reference)")
            let forward = try referenceForward(weights, input: input).scalars
            #expect(frozenEquals(ours, forward), "path \(path), seed \(seed) vs reference kernels")
        }
        #expect(frozen.variant == .frozen)
    }

    @Test("frozen equals eager on all 1000 test digits with the shipped model, and so does its accuracy")
    func testSplit() throws {
        let graph = try ModelFile.loadGraph(contentsOf: Self.repository + "/models/baseline_cnn.safetensors")
        let frozen = try FrozenModel(graph: graph).makeContext()
        let eager = try EagerModel(graph: graph).makeContext()
        let data = try MNISTDataset.load(directory: Self.repository + "/samples/mnist", split: .test)
        #expect(data.count == 1000)
        let options = PreprocessOptions()
        var mismatches: [Int] = []
        var correct = (frozen: 0, eager: 0)
        var a = [Float](repeating: 0, count: 10)
        var b = [Float](repeating: 0, count: 10)
        for index in 0..<data.count {
            let pixels = data.pixels[(index * 784)..<((index + 1) * 784)]
            let input = pixels.map { (Float($0) / 255 - options.mean) / options.std }
            try input.withUnsafeBufferPointer { x in
                try frozen.predict(input: x, into: &a)
                try eager.predict(input: x, into: &b)
            }
            if !frozenEquals(a, b) { mismatches.append(index) }
            let label = Int(data.labels[index])
            if a.indices.max(by: { a[$0] < a[$1] }) == label { correct.frozen += 1 }
            if b.indices.max(by: { b[$0] < b[$1] }) == label { correct.eager += 1 }
        }
        #expect(mismatches.isEmpty, "images where frozen differs from eager: \(mismatches)")
        #expect(correct.frozen == correct.eager)
        #expect(correct.eager > 950)
    }

    @Test(
        "the DigitCNN plan: BN folded, ReLU fused, conv1 direct and conv2 Winograd with their pools fused, flatten a view, four kernel calls"
    )
    func plan() throws {
        let plan = try FrozenPlan(graph: DigitCNN.graph(weights: testWeights(seed: 3)))
        #expect(plan.stepNames.map(\.name) == ["conv1+relu1+pool1", "conv2+relu2+pool2", "fc1+relu3", "fc2"])
        #expect(plan.stepNames.map(\.op) == ["Conv+Relu+MaxPool", "Conv+Relu+MaxPool", "Gemm+Relu", "Gemm"])
        guard case .direct(_, .relu, pooled: true) = plan.steps[0].kernel else {
            Issue.record("conv1 is not a pooled direct step: \(plan.steps[0].kernel)")
            return
        }
        guard case .winograd(_, .relu, pooled: true) = plan.steps[1].kernel else {
            Issue.record("conv2 is not a pooled Winograd step: \(plan.steps[1].kernel)")
            return
        }
        #expect(plan.report.foldedBatchNorms.map(\.batchNorm) == ["bn1", "bn2"])
        #expect(plan.report.foldedBatchNorms.map(\.into) == ["conv1", "conv2"])
        #expect(
            plan.graph.nodes.map(\.name) == [
                "conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten", "fc1", "relu3", "fc2",
            ])
        #expect(
            Set(plan.graph.initializerNames) == [
                "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight",
                "fc2.bias",
            ])
    }

    @Test("DigitCNN's arena stays at its liveness lower bound: pool1's output plus pool2's (9,408 floats)")
    func arenaSize() throws {
        let plan = try FrozenPlan(graph: DigitCNN.graph(weights: testWeights(seed: 3)))
        // With both pools fused, the largest pair alive together is conv2's input [32,14,14] and
        // its pooled output [64,7,7]; no unpooled activation is ever stored.
        #expect(plan.arenaCount == 32 * 14 * 14 + 64 * 7 * 7)
        #expect(plan.arenaCount <= 9_408, "the DigitCNN arena grew to \(plan.arenaCount) floats")
        #expect(plan.scratchCount > 0)
    }

    @Test("a context reuses its arena: repeated and interleaved calls give identical logits")
    func contextReuse() throws {
        let model = try FrozenModel(graph: DigitCNN.graph(weights: testWeights(seed: 8)))
        let first = model.makeFrozenContext()
        let second = model.makeFrozenContext()
        let x = testInput(seed: 1)
        let y = testInput(seed: 2)
        let ax = try first.logits(x)
        let ay = try first.logits(y)
        #expect(try first.logits(x) == ax)
        #expect(try second.logits(y) == ay)
        #expect(ax != ay)
        #expect(first.bytes == (model.plan.arenaCount + model.plan.scratchCount) * 4)
    }

    @Test("a wrong-size input buffer is refused, not read")
    func wrongSize() throws {
        let context = try FrozenModel(graph: DigitCNN.graph(weights: testWeights(seed: 8))).makeContext()
        var logits = [Float](repeating: 0, count: 10)
        let short = [Float](repeating: 0, count: 100)
        var failure: EngineError?
        do { try short.withUnsafeBufferPointer { try context.predict(input: $0, into: &logits) } } catch let error
            as EngineError
        {
            failure = error
        }
        #expect(failure == .input("'input' needs 784 floats [1,1,28,28], got 100"))
    }

    @Test("a BatchNorm with nothing to fold into runs as a per-channel affine step")
    func standaloneBatchNorm() throws {
        var generator = SplitMix64(seed: 5)
        func random(_ count: Int, _ range: Range<Float>) -> Tensor<Float> {
            Tensor(shape: [count], scalars: (0..<count).map { _ in generator.nextFloat(in: range) })
        }
        let graph = Graph(
            name: "bn", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [1, 3, 4, 4]))], outputs: ["y"],
            nodes: [
                Node(name: "relu", op: .relu, inputs: ["x"], outputs: ["r"]),
                Node(name: "bn", op: .batchNormalization, inputs: ["r", "s", "b", "m", "v"], outputs: ["y"]),
            ],
            initializers: [
                ("s", .float32(random(3, 0.5..<2))), ("b", .float32(random(3, -1..<1))),
                ("m", .float32(random(3, -1..<1))), ("v", .float32(random(3, 0.5..<2))),
            ])
        let plan = try FrozenPlan(graph: graph)
        #expect(plan.stepNames.map(\.op) == ["Relu", "BatchNormalization"])
        let input = Tensor(shape: [1, 3, 4, 4], scalars: (0..<48).map { _ in generator.nextFloat(in: -2..<2) })
        let ours = try plan.run(["x": input])["y"]!
        let reference = try EagerInterpreter(graph: graph).run(["x": input])["y"]!
        #expect(maxRelativeError(ours, reference) < 1e-6)
    }
}
