import EdgeGraph
import EdgeKernels
import EdgeTensor
import Testing

@testable import EdgeRuntime

/// An RGB 3×8×8 classifier with 5 classes: conv 3→4 (pad 1) → ReLU → GlobalAveragePool →
/// Flatten → Gemm 4→5. Not DigitCNN in any dimension.
private func rgbClassifier(seed: UInt64) -> Graph {
    var generator = SplitMix64(seed: seed)
    func tensor(_ shape: Shape) -> Tensor<Float> {
        Tensor(shape: shape, scalars: (0..<shape.elementCount).map { _ in generator.nextFloat(in: -1..<1) })
    }
    return Graph(
        name: "rgb", inputs: [ValueInfo(name: "image", type: TensorType(.float32, [1, 3, 8, 8]))], outputs: ["scores"],
        nodes: [
            Node(
                name: "conv", op: .conv, inputs: ["image", "w", "b"], outputs: ["c"],
                attributes: ["pads": .ints([1, 1, 1, 1])]),
            Node(name: "relu", op: .relu, inputs: ["c"], outputs: ["r"]),
            Node(name: "gap", op: .globalAveragePool, inputs: ["r"], outputs: ["g"]),
            Node(name: "flat", op: .flatten, inputs: ["g"], outputs: ["f"]),
            Node(
                name: "fc", op: .gemm, inputs: ["f", "fw", "fb"], outputs: ["scores"], attributes: ["transB": .int(1)]),
        ],
        initializers: [
            ("w", .float32(tensor([4, 3, 3, 3]))), ("b", .float32(tensor([4]))),
            ("fw", .float32(tensor([5, 4]))), ("fb", .float32(tensor([5]))),
        ])
}

@Suite("Compiled model and execution context")
struct ExecutionContextTests {
    @Test("the signature comes from the graph: any NCHW input, any class count")
    func signature() throws {
        let model = try EagerModel(graph: rgbClassifier(seed: 1))
        #expect(
            model.signature
                == ModelSignature(inputName: "image", inputShape: [1, 3, 8, 8], outputName: "scores", classCount: 5))
        #expect(model.signature.inputCount == 192)
        let digit = try EagerModel(graph: DigitCNN.graph(weights: testWeights(seed: 2)))
        #expect(digit.signature.inputShape == [1, 1, 28, 28] && digit.signature.classCount == 10)
    }

    @Test("predict into caller-owned logits equals the interpreter's run, for every context")
    func callerOwnedStorage() throws {
        let model = try EagerModel(graph: rgbClassifier(seed: 3))
        var generator = SplitMix64(seed: 4)
        let input = Tensor<Float>(shape: [1, 3, 8, 8], scalars: (0..<192).map { _ in generator.nextFloat(in: -2..<2) })
        let expected = try model.interpreter.run(["image": input])["scores"]!.scalars
        let contexts = [model.makeContext(), model.makeContext()]
        var logits = [Float](repeating: .nan, count: 5)
        for context in contexts {
            for _ in 0..<3 {  // the context's reused slots give the same answer every call
                logits = [Float](repeating: .nan, count: 5)
                try input.scalars.withUnsafeBufferPointer { x in
                    try logits.withUnsafeMutableBufferPointer { y in try context.predict(input: x, logits: y) }
                }
                #expect(logits == expected)
            }
            #expect(try context.predict(input).logits == expected)
            #expect(context.variant == .eager)
        }
        let top = try logits.withUnsafeBufferPointer { try Prediction.top(of: $0, output: "scores") }
        let full = Prediction(logits: expected)
        #expect(top.label == full.label)
        #expect(abs(top.confidence - full.confidence) < 1e-6)
    }

    @Test("contexts of one model run concurrently on their own state")
    func concurrentContexts() async throws {
        let model = try EagerModel(graph: DigitCNN.graph(weights: testWeights(seed: 5)))
        let inputs = (0..<4).map { testInput(seed: UInt64(10 + $0)) }
        let expected = try inputs.map { try model.makeContext().predict($0).logits }
        let results = try await withThrowingTaskGroup(of: (Int, [[Float]]).self) { group in
            for worker in 0..<2 {
                group.addTask {
                    let context = model.makeContext()
                    return (worker, try (0..<8).map { try context.predict(inputs[$0 % 4]).logits })
                }
            }
            var all: [(Int, [[Float]])] = []
            for try await result in group { all.append(result) }
            return all
        }
        for (_, logits) in results {
            for (index, row) in logits.enumerated() { #expect(row == expected[index % 4]) }
        }
    }

    @Test("a graph that is not a batch-1 NCHW classifier is refused at compile time, naming what is wrong")
    func notAClassifier() throws {
        #expect(
            throws: EngineError.unsupported(
                node: "input 'input'", reason: "must be a batch-1 NCHW image [1,C,H,W], is [3,1,28,28]")
        ) {
            try EagerModel(graph: DigitCNN.graph(weights: testWeights(seed: 6), batchSize: 3))
        }
        let flat = Graph(
            name: "flat", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [1, 4]))], outputs: ["y"],
            nodes: [Node(name: "relu", op: .relu, inputs: ["x"], outputs: ["y"])], initializers: [])
        #expect(
            throws: EngineError.unsupported(
                node: "input 'x'", reason: "must be a batch-1 NCHW image [1,C,H,W], is [1,4]")
        ) { try EagerModel(graph: flat) }
        let image = Graph(
            name: "image", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [1, 1, 2, 2]))], outputs: ["y"],
            nodes: [Node(name: "relu", op: .relu, inputs: ["x"], outputs: ["y"])], initializers: [])
        #expect(
            throws: EngineError.unsupported(node: "output 'y'", reason: "must be [1,classes], is [1,1,2,2]")
        ) { try EagerModel(graph: image) }
    }

    @Test("top-1 refuses non-finite and empty logits")
    func topErrors() {
        #expect(throws: EngineError.nonFiniteOutput(output: "y", index: 2, value: -.infinity)) {
            try [Float(0), 1, -.infinity].withUnsafeBufferPointer { try Prediction.top(of: $0, output: "y") }
        }
        #expect(throws: EngineError.input("output 'y' is empty")) {
            try [Float]().withUnsafeBufferPointer { try Prediction.top(of: $0, output: "y") }
        }
    }
}
