import EdgeGraph
import EdgeModelIO
import Foundation
import Testing

@testable import EdgeCLI

/// `edge inspect` on the committed model: DESIGN.md's 270,778 parameters and 8.18 MFLOP.
@Suite("edge inspect")
struct InspectCommandTests {
    static let modelName = "models/baseline_cnn.safetensors"

    /// Per layer: name, op, output shape, parameters, FLOPs (2 per multiply-add) of DigitCNN.
    static let layers: [(String, String, [Int], Int, Int)] = [
        ("conv1", "Conv", [1, 32, 28, 28], 32 * 9 + 32, 2 * 32 * 9 * 28 * 28),
        ("bn1", "BatchNormalization", [1, 32, 28, 28], 2 * 32, 0),
        ("relu1", "Relu", [1, 32, 28, 28], 0, 0),
        ("pool1", "MaxPool", [1, 32, 14, 14], 0, 0),
        ("conv2", "Conv", [1, 64, 14, 14], 64 * 32 * 9 + 64, 2 * 64 * 32 * 9 * 14 * 14),
        ("bn2", "BatchNormalization", [1, 64, 14, 14], 2 * 64, 0),
        ("relu2", "Relu", [1, 64, 14, 14], 0, 0),
        ("pool2", "MaxPool", [1, 64, 7, 7], 0, 0),
        ("flatten", "Flatten", [1, 3136], 0, 0),
        ("fc1", "Gemm", [1, 80], 3136 * 80 + 80, 2 * 3136 * 80),
        ("relu3", "Relu", [1, 80], 0, 0),
        ("fc2", "Gemm", [1, 10], 80 * 10 + 10, 2 * 80 * 10),
    ]

    @Test("--json: 270,778 parameters, 8.18 MFLOP, per-layer figures from the layer shapes")
    func json() throws {
        let result = try EdgeProcess.run(["inspect", "--json", Self.modelName])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["parameters"] as? Int == 270_778)
        let flops = try #require(object["flops"] as? Int)
        #expect(flops == 8_180_288)
        #expect((Double(flops) / 1e6 * 100).rounded() / 100 == 8.18)
        #expect(object["graph"] as? String == "DigitCNN")
        #expect(object["model"] as? String == Self.modelName)

        let layers = try #require(object["layers"] as? [[String: Any]])
        #expect(layers.count == Self.layers.count)
        for (layer, expected) in zip(layers, Self.layers) {
            #expect(layer["name"] as? String == expected.0)
            #expect(layer["op"] as? String == expected.1)
            #expect(layer["output_shape"] as? [Int] == expected.2, "\(expected.0)")
            #expect(layer["parameters"] as? Int == expected.3, "\(expected.0)")
            #expect(layer["flops"] as? Int == expected.4, "\(expected.0)")
        }
        #expect(Self.layers.map(\.3).reduce(0, +) == 270_778)
        #expect(Self.layers.map(\.4).reduce(0, +) == flops)
        let inputs = try #require(object["inputs"] as? [[String: Any]])
        #expect(inputs.first?["shape"] as? [Int] == [1, 1, 28, 28])
        #expect(inputs.first?["dtype"] as? String == "float32")
        let outputs = try #require(object["outputs"] as? [[String: Any]])
        #expect(outputs.first?["shape"] as? [Int] == [1, 10])
    }

    @Test("--json sha256 equals sha256sum's digest of the file")
    func sha256() throws {
        let result = try EdgeProcess.run(["inspect", "--json", Self.modelName])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let digest = try #require(object["sha256"] as? String)
        #expect(digest.count == 64 && digest.allSatisfy(\.isHexDigit))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [Repository.root + "/" + Self.modelName]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output.hasPrefix(digest + " "))
    }

    @Test("the table ends with the totals: 270,778 parameters, 8,180,288 FLOPs, 8.18 MFLOP")
    func table() throws {
        let result = try EdgeProcess.run(["inspect", Self.modelName])
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("\(Self.modelName)  DigitCNN  sha256 ") == true)
        #expect(lines.contains("inputs:  input float32[1,1,28,28]"))
        #expect(lines.contains("outputs: logits float32[1,10]"))
        let total = try #require(lines.last)
        #expect(total.hasPrefix("total "))
        #expect(total.split(separator: " ").prefix(3) == ["total", "270,778", "8,180,288"])
        #expect(total.hasSuffix("(8.18 MFLOP per inference)"))
        // conv2 carries 88% of the FLOPs (DESIGN.md).
        let conv2 = try #require(lines.first { $0.hasPrefix("conv2 ") })
        #expect(conv2.hasSuffix(" 88.3"))
    }

    @Test("the PyTorch-written fixture has the same architecture figures")
    func torchFixture() throws {
        let summary = try ModelSummary(
            graph: ModelFile.loadGraph(contentsOf: Repository.model),
            path: Repository.model, sha256: "")
        #expect(summary.parameters == 270_778)
        #expect(summary.flops == 8_180_288)
        #expect(summary.layers.map(\.name) == Self.layers.map(\.0))
    }
}
