import EdgeGraph
import EdgeKernels
import EdgeModelIO
import EdgeTensor
import Testing

@testable import EdgeRuntime

@Suite("Eager engine")
struct EagerEngineTests {
    @Test(
        "DigitCNN equals the hand-written forward on reference kernels, on every kernel path",
        arguments: KernelPath.available)
    func matchesReference(path: KernelPath) throws {
        let weights = testWeights(seed: 11)
        let model = try EagerModel(graph: DigitCNN.graph(weights: weights), path: path)
        let engine = model.makeContext()
        for seed in [UInt64(1), 2] {
            let input = testInput(seed: seed)
            let expected = try referenceForward(weights, input: input)
            let logits = try model.interpreter.run([DigitCNN.inputName: input])[DigitCNN.outputName]!
            #expect(maxRelativeError(logits, expected) < 1e-4, "path \(path), seed \(seed)")
            let prediction = try engine.predict(input)
            #expect(prediction.logits == logits.scalars)
        }
    }

    @Test("PyTorch's eval-mode logits for the fixture weights are reproduced within 1e-4")
    func matchesPyTorch() throws {
        let tests = #filePath.split(separator: "/").dropLast(2).joined(separator: "/")
        let directory = "/\(tests)/EdgeModelIOTests/Fixtures"
        let engine = try EagerModel(graph: ModelFile.loadGraph(contentsOf: directory + "/digitcnn_torch.safetensors"))
            .makeContext()
        let expected = try SafetensorsFile(contentsOf: directory + "/digitcnn_expected.safetensors")
        let inputs = try #require(expected["inputs"]?.floatTensor)
        let logits = try #require(expected["logits"]?.floatTensor)
        for row in 0..<inputs.shape[0] {
            let input = inputs.sliced(row..<(row + 1)).contiguous()
            let ours = try engine.predict(input)
            let theirs = logits.sliced(row..<(row + 1)).scalars
            let error = zip(ours.logits, theirs).map { abs($0 - $1) / max(1, abs($1)) }.max()!
            #expect(error < 1e-4, "row \(row): \(ours.logits) vs \(theirs)")
            #expect(ours.label == theirs.indices.max { theirs[$0] < theirs[$1] })
        }
    }

    @Test("a batch of 3 gives the same logits as three single runs")
    func batch() throws {
        let weights = testWeights(seed: 4)
        let single = try EagerModel(graph: DigitCNN.graph(weights: weights)).makeContext()
        let batched = try EagerInterpreter(graph: DigitCNN.graph(weights: weights, batchSize: 3))
        let input = testInput(batch: 3, seed: 9)
        let all = try batched.run([DigitCNN.inputName: input])[DigitCNN.outputName]!
        for row in 0..<3 {
            let one = try single.predict(input.sliced(row..<(row + 1)).contiguous())
            let expected = Tensor<Float>(shape: [1, 10], scalars: one.logits)
            #expect(maxRelativeError(all.sliced(row..<(row + 1)).contiguous(), expected) < 1e-5)
        }
    }

    @Test("prediction is the arg-max with softmax confidence")
    func prediction() throws {
        let engine = try EagerModel(graph: DigitCNN.graph(weights: testWeights(seed: 5))).makeContext()
        let p = try engine.predict(testInput(seed: 3))
        #expect(p.probabilities.count == 10)
        #expect(abs(p.probabilities.reduce(0, +) - 1) < 1e-5)
        #expect(p.label == p.logits.indices.max { p.logits[$0] < p.logits[$1] })
        #expect(p.confidence == p.probabilities.max())
        #expect(engine.variant == .eager)
    }

    @Test("an output that overflows to ±Inf or NaN is a typed error, never a prediction")
    func nonFiniteOutput() throws {
        // Finite weights a corrupt file could hold: fc2 so large that the logits overflow.
        var weights = testWeights(seed: 5)
        weights["fc1.bias"] = Tensor(shape: [80], repeating: 1000)  // every hidden unit active
        weights["fc2.weight"] = Tensor(shape: [10, 80], repeating: 3e38)
        let engine = try EagerModel(graph: DigitCNN.graph(weights: weights)).makeContext()
        do {
            _ = try engine.predict(testInput(seed: 3))
            Issue.record("a non-finite output was returned as a prediction")
        } catch let EngineError.nonFiniteOutput(output, index, value) {
            #expect(output == DigitCNN.outputName)
            #expect((0..<10).contains(index) && !value.isFinite)
        }
        #expect(throws: EngineError.nonFiniteOutput(output: "y", index: 1, value: .infinity)) {
            try Prediction(checking: [0, .infinity, 2], output: "y")
        }
        #expect(try Prediction(checking: [0, 3, 2], output: "y").label == 1)
        #expect(
            EngineError.nonFiniteOutput(output: "logits", index: 2, value: .nan).description
                == "output 'logits' is not finite (nan at class 2): the model's weights or input are out of range")
    }

    @Test("wrong input shapes and names are one-line errors")
    func inputErrors() throws {
        let model = try EagerModel(graph: DigitCNN.graph(weights: DigitCNNWeights(seed: 1)))
        let engine = model.makeContext()
        #expect(throws: EngineError.input("'input' has shape [1,28,28], expected [1,1,28,28]")) {
            try engine.predict(Tensor(shape: [1, 28, 28]))
        }
        #expect(throws: EngineError.input("missing input 'input'")) { try model.interpreter.run([:]) }
        let input = [Float](repeating: 0, count: 784)
        var logits = [Float](repeating: 0, count: 10)
        #expect(throws: EngineError.input("'input' needs 784 floats [1,1,28,28], got 783")) {
            try input.dropLast().withUnsafeBufferPointer { x in
                try logits.withUnsafeMutableBufferPointer { y in try engine.predict(input: x, logits: y) }
            }
        }
        #expect(throws: EngineError.input("'logits' needs room for 10 logits, got 9")) {
            try input.withUnsafeBufferPointer { x in
                try logits.withUnsafeMutableBufferPointer { y in
                    try engine.predict(input: x, logits: UnsafeMutableBufferPointer(rebasing: y[1...]))
                }
            }
        }
    }
}
