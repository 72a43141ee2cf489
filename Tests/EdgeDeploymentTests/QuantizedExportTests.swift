import EdgeGraph
import EdgeIO
import EdgeImaging
import EdgeModelIO
import EdgeQuantization
import EdgeRuntime
import EdgeTensor
import Foundation
import Testing

@testable import EdgeDeployment

private let root = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/")

/// The test split of samples/mnist as network inputs, normalized as onnxruntime's script does.
private func testInputs() throws -> (inputs: [Tensor<Float>], labels: [Int]) {
    let data = try MNISTDataset.load(directory: root + "/samples/mnist", split: .test)
    let options = PreprocessOptions()
    let inputs = (0..<data.count).map { index in
        Tensor<Float>(
            shape: [1, 1, 28, 28],
            scalars: data.pixels[(index * 784)..<((index + 1) * 784)].map {
                (Float($0) / 255 - options.mean) / options.std
            })
    }
    return (inputs, data.labels.map(Int.init))
}

private func top(_ v: [Float]) -> Int { v.indices.max { v[$0] < v[$1] }! }

/// Logits of `path` through the eager engine (fake quantization for a QDQ file).
private func eagerLogits(_ path: String, _ inputs: [Tensor<Float>]) throws -> [[Float]] {
    let graph = try ModelFile.loadGraph(contentsOf: path)
    let interpreter = try EagerInterpreter(graph: graph)
    return try inputs.map { try interpreter.run([graph.inputs[0].name: $0])[graph.outputs[0]]!.scalars }
}

@Suite("edge quantize: the committed quantized model", .serialized)
struct QuantizedExportTests {
    static let source = root + "/models/edge_model.onnx"
    static let committed = root + "/models/quantized_cnn.onnx"

    @Test("models/quantized_cnn.onnx is exactly what quantizing models/edge_model.onnx gives today")
    func committedIsCurrent() throws {
        let calibration = try CalibrationSet.load(
            directory: root + "/" + CalibrationSet.defaultDirectory, count: CalibrationSet.defaultCount,
            seed: CalibrationSet.defaultSeed)
        let export = try QuantizedExport(
            sourcePath: Self.source, calibration: calibration, seed: CalibrationSet.defaultSeed, method: .minMax)
        let onDisk = try FileSystem.read(Self.committed)
        #expect(
            export.bytes == onDisk,
            "models/quantized_cnn.onnx is stale: run `swift run -c release edge quantize --force` and commit it")
        #expect(try export.verify(on: Array(calibration.prefix(2))) == 0)
    }

    @Test("the quantized file: QDQ around every Conv/Gemm, int8 weights, int32 biases, ≤ 27% of the safetensors")
    func contents() throws {
        let bytes = try FileSystem.read(Self.committed)
        let float = try FileSystem.read(root + "/models/baseline_cnn.safetensors")
        #expect(bytes.count * 100 <= float.count * 27, "\(bytes.count) bytes vs \(float.count)")
        let graph = try ONNXReader.graph(bytes: bytes, path: Self.committed)
        #expect(graph.inputs.map(\.name) == ["input"] && graph.outputs == ["logits"])
        for layer in ["conv1", "conv2", "fc1", "fc2"] {
            let node = try #require(graph.node(named: layer))
            let readers = node.inputs.map { name in graph.nodes.first { $0.outputs.contains(name) }?.op }
            #expect(readers.allSatisfy { $0 == .dequantizeLinear }, "\(layer) reads \(readers)")
            #expect(graph.initializers["\(layer).weight_quantized"]?.elementType == .int8)
            #expect(graph.initializers["\(layer).bias_quantized"]?.elementType == .int32)
            #expect(graph.initializers["\(layer).weight"] == nil)
        }
        #expect(graph.nodes.filter { $0.op == .quantizeLinear }.count == 6)
        let metadata = Dictionary(
            uniqueKeysWithValues: try ONNXReader.metadata(bytes: bytes, path: Self.committed).map { ($0.key, $0.value) }
        )
        #expect(metadata["edge.source"] == "edge_model.onnx")
        #expect(metadata["edge.source_sha256"] == (try SHA256.hex(contentsOf: Self.source)))
        #expect(metadata["edge.quantization.method"] == "minmax")
        #expect(metadata["edge.quantization.calibration_count"] == "200")
        #expect(metadata["edge.quantization.calibration_seed"] == "\(CalibrationSet.defaultSeed)")
    }

    @Test("fake-quant accuracy on the test split is within 0.3 points of float and agrees with it on ≥ 99.5%")
    func accuracyBudget() throws {
        let (inputs, labels) = try testInputs()
        let float = try eagerLogits(Self.source, inputs)
        let quantized = try eagerLogits(Self.committed, inputs)
        let floatCorrect = zip(float, labels).filter { top($0) == $1 }.count
        let quantCorrect = zip(quantized, labels).filter { top($0) == $1 }.count
        let agree = zip(float, quantized).filter { top($0) == top($1) }.count
        print("quantized accuracy \(quantCorrect)/1000 vs float \(floatCorrect)/1000, top-1 agreement \(agree)/1000")
        #expect(abs(quantCorrect - floatCorrect) <= 3, "quantized \(quantCorrect) vs float \(floatCorrect)")
        #expect(agree >= 995, "top-1 agreement with float \(agree)/1000")
    }

    @Test("onnxruntime's int8 run of models/quantized_cnn.onnx agrees with our fake-quant eager on ≥ 99.5%")
    func onnxruntimeAgreement() throws {
        if ONNXRuntimeCrossCheckTests.skipUnlessVenv() { return }
        let theirs = try PeersVenv.logits(model: Self.committed)
        let (inputs, labels) = try testInputs()
        let ours = try eagerLogits(Self.committed, inputs)
        let agree = zip(ours, theirs).filter { top($0) == top($1) }.count
        let worst = zip(ours, theirs).map { a, b in zip(a, b).map { abs($0 - $1) }.max()! }.max()!
        let accuracy = zip(theirs, labels).filter { top($0) == $1 }.count
        print(
            "onnxruntime int8 vs fake-quant: agreement \(agree)/1000, max |logit diff| \(worst), ORT accuracy \(accuracy)/1000"
        )
        #expect(agree >= 995, "top-1 agreement with onnxruntime \(agree)/1000")
        // Integer requantization rounds where fake quantization keeps floats (0.023 measured on
        // a Zen 4 with VNNI): a few steps of fc2's input grid (0.12) at most.
        #expect(worst <= 0.25, "max logit difference \(worst)")
    }

    @Test(
        "a QDQ file from onnxruntime's own quantize_static runs through our eager fake-quant like onnxruntime runs it")
    func onnxruntimeQuantizer() throws {
        if ONNXRuntimeCrossCheckTests.skipUnlessVenv() { return }
        let out = FileManager.default.temporaryDirectory.path + "/ort-qdq-\(getpid())-\(UUID().uuidString).onnx"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let made = try PeersVenv.run([
            PeersVenv.python, root + "/scripts/ort_quantize.py", Self.source, root + "/samples/mnist", out,
        ])
        try #require(made.status == 0, "ort_quantize.py failed: \(made.output)")
        let graph = try ModelFile.loadGraph(contentsOf: out)
        #expect(graph.nodes.filter { $0.op == .dequantizeLinear }.count >= 8)
        let theirs = try PeersVenv.logits(model: out)
        let (inputs, labels) = try testInputs()
        let ours = try eagerLogits(out, inputs)
        let agree = zip(ours, theirs).filter { top($0) == top($1) }.count
        let worst = zip(ours, theirs).map { a, b in zip(a, b).map { abs($0 - $1) }.max()! }.max()!
        let accuracy = zip(ours, labels).filter { top($0) == $1 }.count
        print(
            "onnxruntime-quantized file: fake-quant accuracy \(accuracy)/1000, agreement \(agree)/1000, max |logit diff| \(worst)"
        )
        #expect(agree >= 995, "top-1 agreement with onnxruntime \(agree)/1000")
        #expect(accuracy >= 980, "fake-quant accuracy \(accuracy)/1000")
    }
}

@Suite("edge quantize on a foreign model: the Fashion-MNIST CNN from torch")
struct ForeignQuantizeTests {
    /// `models/foreign/fashion_cnn.onnx` keeps its BatchNorms (scripts/make_foreign_models.py);
    /// quantizing must fold them first, or the integer engine cannot map the model.
    @Test("the quantized file maps to the integer engine and keeps float's top-1 on 200 test images")
    func fashion() throws {
        let preprocess = try Preprocess(
            mode: .resize, height: 28, width: 28, channels: .gray, mean: [0.2860], std: [0.3530], resize: .area)
        let calibration = try CalibrationSet.load(
            directory: root + "/samples/fashion", count: 100, seed: CalibrationSet.defaultSeed, preprocess: preprocess)
        let source = root + "/models/foreign/fashion_cnn.onnx"
        let export = try QuantizedExport(
            sourcePath: source, calibration: calibration, seed: CalibrationSet.defaultSeed, method: .minMax)
        let quantizedGraph = try ONNXReader.graph(bytes: export.bytes, path: "fashion_cnn quantized")
        // Throws if any node is left that the integer engine cannot run (no float fallback here).
        let quantized = try QuantizedModel(graph: quantizedGraph)
        let float = try FrozenModel(graph: try Deployment.read(source).graph)
        let data = try MNISTDataset.load(directory: root + "/samples/fashion", split: .test)
        var (agree, correctQuantized, correctFloat) = (0, 0, 0)
        var (q, f) = ([Float](repeating: 0, count: 10), [Float](repeating: 0, count: 10))
        func top1(_ v: [Float]) -> Int { v.indices.max { v[$0] < v[$1] }! }
        for index in stride(from: 0, to: data.count, by: data.count / 200) {
            let x = preprocess.prepare(data.image(at: index)).tensor.scalars
            try x.withUnsafeBufferPointer { x in
                try quantized.makeContext().predict(input: x, into: &q)
                try float.makeContext().predict(input: x, into: &f)
            }
            let label = Int(data.labels[index])
            agree += top1(q) == top1(f) ? 1 : 0
            correctQuantized += top1(q) == label ? 1 : 0
            correctFloat += top1(f) == label ? 1 : 0
        }
        #expect(agree >= 196, "top-1 agreement \(agree)/200")
        #expect(
            abs(correctQuantized - correctFloat) <= 2, "quantized \(correctQuantized) vs float \(correctFloat) of 200")
    }
}
