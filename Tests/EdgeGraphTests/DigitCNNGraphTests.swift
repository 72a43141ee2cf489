import EdgeTensor
import Testing

@testable import EdgeGraph

@Suite("DigitCNN graph")
struct DigitCNNGraphTests {
    let graph = DigitCNN.graph(weights: DigitCNNWeights(seed: 1))

    @Test("shape inference gives every layer its PyTorch shape")
    func shapes() throws {
        let types = try graph.inferTypes()
        let expected: [String: Shape] = [
            "conv1": [1, 32, 28, 28], "bn1": [1, 32, 28, 28], "relu1": [1, 32, 28, 28], "pool1": [1, 32, 14, 14],
            "conv2": [1, 64, 14, 14], "bn2": [1, 64, 14, 14], "relu2": [1, 64, 14, 14], "pool2": [1, 64, 7, 7],
            "flatten": [1, 3136], "fc1": [1, 80], "relu3": [1, 80], "logits": [1, 10],
        ]
        for (name, shape) in expected {
            #expect(types[name] == TensorType(.float32, shape), "\(name)")
        }
    }

    @Test("batch size carries through to the logits")
    func batch() throws {
        let types = try DigitCNN.graph(weights: DigitCNNWeights(seed: 1), batchSize: 5).inferTypes()
        #expect(types["flatten"]?.shape == [5, 3136])
        #expect(types["logits"]?.shape == [5, 10])
    }

    @Test("270,778 parameters and 8.18 MFLOP, with conv2 88% of the work and fc1 93% of the weights")
    func cost() throws {
        let cost = try graph.cost()
        #expect(cost.parameters == 270_778)
        #expect(cost.flops == 8_180_288)
        #expect(cost.macs == 4_090_144)
        let byName = Dictionary(uniqueKeysWithValues: cost.nodes.map { ($0.node, $0) })
        #expect(byName["conv1"]?.parameters == 320)
        #expect(byName["bn1"]?.parameters == 64)
        #expect(byName["conv2"]?.flops == 7_225_344)
        #expect(byName["fc1"]?.parameters == 250_960)
        #expect(byName["fc2"]?.flops == 1_600)
        #expect(byName["pool1"]?.flops == 0)
        let conv2Share = Double(byName["conv2"]!.flops) / Double(cost.flops)
        let fc1Share = Double(byName["fc1"]!.parameters) / Double(cost.parameters)
        #expect(abs(conv2Share - 0.88) < 0.005)
        #expect(abs(fc1Share - 0.93) < 0.005)
    }

    @Test("node names are PyTorch module names and initializers are state_dict keys")
    func names() throws {
        #expect(
            graph.nodes.map(\.name) == [
                "conv1", "bn1", "relu1", "pool1", "conv2", "bn2", "relu2", "pool2",
                "flatten", "fc1", "relu3", "fc2",
            ])
        #expect(graph.initializerNames == DigitCNNWeights.specification.map(\.name))
        let weights = try DigitCNNWeights(graph: graph)
        #expect(weights == DigitCNNWeights(seed: 1))
    }
}

@Suite("DigitCNN weights")
struct DigitCNNWeightsTests {
    @Test("PyTorch-style initialisation is seeded and bounded by 1/sqrt(fan_in)")
    func initialisation() {
        let a = DigitCNNWeights(seed: 7)
        let b = DigitCNNWeights(seed: 7)
        let c = DigitCNNWeights(seed: 8)
        #expect(a == b)
        #expect(a != c)
        let conv2 = a["conv2.weight"].scalars
        let bound = 1 / Float(288).squareRoot()
        #expect(conv2.allSatisfy { abs($0) <= bound })
        #expect(conv2.max()! > bound * 0.95 && conv2.min()! < -bound * 0.95)
        #expect(a["bn2.running_var"].scalars.allSatisfy { $0 == 1 })
        #expect(a["bn2.bias"].scalars.allSatisfy { $0 == 0 })
        #expect(a.numBatchesTracked == ["bn1.num_batches_tracked": 0, "bn2.num_batches_tracked": 0])
    }

    @Test("a missing, unexpected or mis-shaped key is named")
    func errors() {
        let good = DigitCNNWeights(seed: 1)
        var tensors = Dictionary(uniqueKeysWithValues: DigitCNNWeights.specification.map { ($0.name, good[$0.name]) })
        #expect(throws: Never.self) { try DigitCNNWeights(tensors: tensors) }

        var missing = tensors
        missing["bn2.running_mean"] = nil
        #expect(throws: DigitCNNWeightsError.missing("bn2.running_mean")) { try DigitCNNWeights(tensors: missing) }

        tensors["fc3.weight"] = Tensor(shape: [1])
        #expect(throws: DigitCNNWeightsError.unexpected("fc3.weight")) { try DigitCNNWeights(tensors: tensors) }
        tensors["fc3.weight"] = nil

        tensors["fc1.weight"] = Tensor(shape: [3136, 80])
        #expect(throws: DigitCNNWeightsError.shape("fc1.weight", expected: [80, 3136], actual: [3136, 80])) {
            try DigitCNNWeights(tensors: tensors)
        }
        #expect(
            DigitCNNWeightsError.shape("fc1.weight", expected: [80, 3136], actual: [3136, 80]).description
                == "'fc1.weight' has shape [3136,80], expected [80,3136]")
    }
}
