import EdgeGraph
import EdgeIO
import EdgeImaging
import EdgeModelIO
import EdgeRuntime
import EdgeTensor
import Foundation
import Testing

private let foreign =
    "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/") + "/models/foreign"

/// The committed foreign models (scripts/make_foreign_models.py: torch exports with seeded or
/// trained weights, onnxruntime's logits for four inputs recorded) through our eager and frozen
/// engines, with the bar DESIGN.md sets for foreign models: per logit
/// `|a − b| / (|b| + 1e-3) ≤ 1e-3` against onnxruntime, and the same top-1.
@Suite("foreign models (MobileNet-style, ResNet-8, Fashion-MNIST CNN) against onnxruntime")
struct ForeignModelTests {
    static func graph(_ name: String) throws -> Graph {
        let path = "\(foreign)/\(name).onnx"
        return try ONNXReader.graph(bytes: try FileSystem.read(path), path: path)
    }

    static func engines(_ graph: Graph) throws -> [(String, any CompiledModel)] {
        [("eager", try EagerModel(graph: graph)), ("frozen", try FrozenModel(graph: graph))]
    }

    @Test(
        "eager and frozen equal onnxruntime",
        arguments: [
            ("mobilenet_tiny", "depthwise 3×3, BN, ReLU6 as Clip, HardSwish, HardSigmoid gate, Pad, residual"),
            ("resnet8", "MLPerf Tiny ResNet-8: stride-2 convs, 1×1 projections, residual Add"),
            ("fashion_cnn", "trained on Fashion-MNIST, 1×28×28"),
        ])
    func equalsOnnxruntime(name: String, what: String) throws {
        let graph = try Self.graph(name)
        for (engine, model) in try Self.engines(graph) {
            let signature = model.signature
            let (inputs, outputs) = try TorchZooTests.expected(
                name, inputCount: signature.inputCount, directory: foreign)
            let context = model.makeContext()
            var logits = [Float](repeating: 0, count: signature.classCount)
            for (index, (input, reference)) in zip(inputs, outputs).enumerated() {
                try input.withUnsafeBufferPointer { try context.predict(input: $0, into: &logits) }
                #expect(
                    foreignEquals(logits, reference),
                    "\(name) (\(what)) \(engine) input \(index): \(logits) vs \(reference)")
            }
        }
    }

    @Test func resnet8HasThePublishedShape() throws {
        let frozen = try FrozenModel(graph: try Self.graph("resnet8")).plan
        let cost = try frozen.graph.cost()
        // MLPerf Tiny's figures (/work/shared/devices-calibration.md): BatchNorm folded.
        #expect(cost.macs == 12_501_632)
        #expect(cost.parameters == 77_706)
        #expect(frozen.report.foldedBatchNorms.count == 7)
    }

    @Test("fused steps name what they fused") func fusedProfileRows() throws {
        let resnet = try FrozenModel(graph: try Self.graph("resnet8")).plan
        let ops = resnet.layers.map(\.op)
        // Two residual blocks end in a projection: conv2 + the shortcut's Add + ReLU in one step;
        // every conv reading a BN-folded input fuses its ReLU.
        #expect(ops.filter { $0 == "Conv+Add+Relu" }.count == 3, "\(ops)")
        #expect(ops.filter { $0 == "Conv+Relu" }.count == 4, "\(ops)")
        #expect(!ops.contains("Add") && !ops.contains("Relu"), "\(ops)")
        #expect(ops.count == 11, "\(ops)")  // + two shortcut convs, AveragePool, Gemm
        let fused = resnet.layers.first { $0.op == "Conv+Add+Relu" }!
        #expect(fused.fused.count == 3 && fused.name == fused.fused.joined(separator: "+"))

        let mobilenet = try FrozenModel(graph: try Self.graph("mobilenet_tiny")).plan
        let mops = mobilenet.layers.map(\.op)
        #expect(mops.contains("Conv+HardSwish") && mops.contains("Conv+Clip"), "\(mops)")
        // The inverted residual adds after the block's ReLU6 (`x + relu6(bn(pw(y)))`): the Clip
        // is fused into the conv, so the Add, which comes after the activation, stays a step.
        #expect(mops.filter { $0 == "Add" }.count == 1, "\(mops)")
        #expect(!mops.contains("Pad") && mobilenet.report.foldedPads.count == 2, "\(mops)")
        #expect(!mops.contains("Clip") && !mops.contains("HardSwish"), "\(mops)")
    }

    /// Debian's dataset-fashion-mnist (gzipped IDX), when installed.
    static let fashionTest = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"

    static func gunzip(_ path: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }

    @Test(
        "on all 10,000 Fashion-MNIST test images both engines predict what onnxruntime predicts",
        .enabled(if: FileManager.default.fileExists(atPath: fashionTest), "dataset-fashion-mnist is not installed"))
    func fashionTopOneEqualsOnnxruntime() throws {
        let images = try IDXFile(parsing: try Self.gunzip(Self.fashionTest), path: Self.fashionTest)
        let labels = try IDXFile(
            parsing: try Self.gunzip(Self.fashionTest.replacingOccurrences(of: "images-idx3", with: "labels-idx1")))
        let reference = try FileSystem.read("\(foreign)/fashion_cnn.test_top1.bin")
        #expect(images.count == 10_000 && labels.count == 10_000 && reference.count == 10_000)
        let picked = Array(0..<10_000)
        for (engine, model) in try Self.engines(try Self.graph("fashion_cnn")) {
            let context = model.makeContext()
            var logits = [Float](repeating: 0, count: 10)
            var disagreements: [Int] = []
            var correct = (ours: 0, onnxruntime: 0)
            for index in picked {
                let input = images.data[(index * 784)..<((index + 1) * 784)].map { (Float($0) / 255 - 0.2860) / 0.3530 }
                try input.withUnsafeBufferPointer { try context.predict(input: $0, into: &logits) }
                let top = logits.indices.max { logits[$0] < logits[$1] }!
                if top != Int(reference[index]) { disagreements.append(index) }
                if top == Int(labels.data[index]) { correct.ours += 1 }
                if reference[index] == labels.data[index] { correct.onnxruntime += 1 }
            }
            #expect(
                disagreements.isEmpty, "\(engine): images where the top-1 differs from onnxruntime's: \(disagreements)")
            // 8,865 of 10,000: the accuracy manifest.json records.
            #expect(correct.ours == correct.onnxruntime && correct.onnxruntime == 8865, "\(engine): \(correct)")
        }
    }

    @Test func fashionAccuracyIsRecorded() throws {
        let manifest = try JSONDecoder().decode(
            JSONValue.self, from: Data(try FileSystem.read("\(foreign)/manifest.json")))
        let accuracy = manifest["fashion_cnn"]?["onnxruntime_test_accuracy"]?.number ?? 0
        #expect(accuracy > 0.8, "\(accuracy)")
    }
}

/// Per logit `|a − b| / (|b| + 1e-3) ≤ 1e-3` and the same top-1 (DESIGN.md, foreign models).
func foreignEquals(_ a: [Float], _ reference: [Float]) -> Bool {
    let top = { (v: [Float]) in v.indices.max { v[$0] < v[$1] } }
    return a.count == reference.count && zip(a, reference).allSatisfy { abs($0 - $1) / (abs($1) + 1e-3) <= 1e-3 }
        && top(a) == top(reference)
}
