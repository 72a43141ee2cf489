import EdgeGraph
import EdgeTensor
import Foundation
import Testing

@testable import EdgeModelIO

@Suite("safetensors and PyTorch")
struct SafetensorsTorchFixtureTests {
    @Test("a state_dict written by PyTorch loads, int64 num_batches_tracked included")
    func loadsTorchFile() throws {
        let file = try SafetensorsFile(contentsOf: Fixtures.torchWeights)
        #expect(file.metadata.isEmpty)  // save_file writes no __metadata__ unless asked
        #expect(Set(file.names) == Set(DigitCNNWeights.stateDictKeys))
        #expect(file["bn1.num_batches_tracked"]?.dtype == .int64)
        #expect(file["bn1.num_batches_tracked"]?.shape == [])

        let weights = try DigitCNNWeights(contentsOf: Fixtures.torchWeights)
        #expect(weights.numBatchesTracked == ["bn1.num_batches_tracked": 37, "bn2.num_batches_tracked": 41])
        let bound = 1 / Float(288).squareRoot()
        #expect(weights["conv2.weight"].scalars.allSatisfy { abs($0) <= bound })
        #expect(weights["bn1.running_var"].scalars.allSatisfy { $0 >= 0.5 && $0 <= 2.0 })
        #expect(weights["bn2.weight"].scalars.allSatisfy { $0 >= 0.5 && $0 <= 1.5 })
        // PyTorch's Conv2d(1,32,3) initialisation bound is 1/3; the seeded draw comes close.
        #expect(weights["conv1.weight"].scalars.map(abs).max()! > 0.32)
    }

    @Test("our file of PyTorch's weights holds the same bytes for every tensor")
    func rewriteKeepsBytes() throws {
        let torch = try SafetensorsFile(contentsOf: Fixtures.torchWeights)
        let path = temporaryPath("rewrite.safetensors")
        defer { unlink(path) }
        try DigitCNNWeights(safetensors: torch).write(to: path)
        let ours = try SafetensorsFile(contentsOf: path)
        #expect(ours.names == DigitCNNWeights.stateDictKeys.sortedInStateDictOrder)
        for name in torch.names {
            #expect(ours[name] == torch[name], "\(name)")
        }
        // For scripts/make_torch_fixture.py --check: proves PyTorch loads what we write.
        if let target = ProcessInfo.processInfo.environment["EDGE_TORCH_CHECK_FILE"] {
            try DigitCNNWeights(safetensors: torch).write(to: target)
        }
    }

    @Test("write then read returns the same weights, and serialization is stable")
    func roundTrip() throws {
        var weights = DigitCNNWeights(seed: 99)
        weights.numBatchesTracked["bn2.num_batches_tracked"] = 1_234_567_890_123
        let bytes = weights.safetensors.serialized()
        let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(headerLength % 8 == 0)
        // 270,778 parameters + 192 BatchNorm statistics as F32, two I64 counters.
        #expect(bytes.count == 8 + headerLength + (270_778 + 192) * 4 + 2 * 8)
        let parsed = try SafetensorsFile(bytes: bytes)
        #expect(try DigitCNNWeights(safetensors: parsed) == weights)
        #expect(parsed.serialized() == bytes)

        let path = temporaryPath("roundtrip.safetensors")
        defer { unlink(path) }
        try weights.write(to: path)
        #expect(try DigitCNNWeights(contentsOf: path) == weights)
    }

    @Test("the expected-logits fixture has the documented tensors")
    func expectedFixture() throws {
        let file = try SafetensorsFile(contentsOf: Fixtures.expected)
        #expect(file["inputs"]?.shape == [4, 1, 28, 28])
        #expect(file["logits"]?.shape == [4, 10])
        #expect(file["logits"]?.floatTensor?.scalars.allSatisfy(\.isFinite) == true)
    }
}

extension Array where Element == String {
    /// PyTorch's `state_dict` order for DigitCNN keys (counters after each layer's variance).
    var sortedInStateDictOrder: [String] {
        var order: [String] = []
        for (name, _) in DigitCNNWeights.specification {
            order.append(name)
            if name.hasSuffix("running_var") { order.append(String(name.dropLast(11)) + "num_batches_tracked") }
        }
        return order.filter(contains)
    }
}
