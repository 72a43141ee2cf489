import EdgeGraph
import EdgeImaging
import EdgeModelIO
import EdgeRuntime
import Foundation
import Testing

@testable import EdgeCLI

@Suite("edge infer and edge inspect")
struct InferInspectCommandTests {
    @Test("infer reads the true label from labels.csv, predicts as the engine does, and times cold and steady calls")
    func infer() throws {
        let files = ["0004_0.png", "0500_5.png"].map { Repository.digits + "/" + $0 }
        let report = try InferCommand.parse(files + ["--model", Repository.model, "--repeats", "3"]).classify()
        #expect(report.images.map(\.label) == [0, 5])
        let engine = try EagerModel(graph: ModelFile.loadGraph(contentsOf: Repository.model)).makeContext()
        for (file, result) in zip(files, report.images) {
            let expected = try engine.predict(Preprocessor().process(PNGCodec.decode(contentsOf: file)).tensor)
            #expect(result.prediction == expected.label)
            #expect(result.confidence == expected.confidence)
        }
        #expect(report.steadyCalls == 3)
        #expect((report.firstCallMicroseconds ?? 0) > 0 && (report.steadyP50Microseconds ?? 0) > 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "variant", "model", "kernels", "first_call_us", "steady_p50_us", "steady_calls", "images",
                "preprocess", "classes",
            ])
    }

    @Test("a file without labels.csv entry is 'unknown'; an unreadable file is reported and the rest go on")
    func unknownAndBroken() throws {
        let directory = NSTemporaryDirectory() + "edge-infer-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(atPath: Repository.digits + "/0004_0.png", toPath: directory + "/digit.png")
        try Data("not a png".utf8).write(to: URL(fileURLWithPath: directory + "/broken.png"))
        let report = try InferCommand.parse([
            directory + "/broken.png", directory + "/digit.png", "--model", Repository.model,
            "--repeats", "1",
        ]).classify()
        #expect(report.images[0].error?.hasPrefix(directory + "/broken.png: ") == true)
        #expect(report.images[1].label == nil && report.images[1].prediction != nil)
        #expect(report.log().contains("digit.png  true unknown  predicted"))
    }

    @Test("a malformed labels.csv costs the true labels, not the classification")
    func malformedLabels() throws {
        let directory = NSTemporaryDirectory() + "edge-infer-labels-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for name in ["0004_0.png", "0500_5.png"] {
            try FileManager.default.copyItem(atPath: Repository.digits + "/" + name, toPath: directory + "/" + name)
        }
        try Data("no header here\n0004_0.png;0\n".utf8).write(to: URL(fileURLWithPath: directory + "/labels.csv"))
        let trained = Repository.root + "/models/baseline_cnn.safetensors"
        let report = try InferCommand.parse([
            directory + "/0004_0.png", directory + "/0500_5.png",
            "--model", trained, "--repeats", "1",
        ]).classify()
        #expect(report.images.map(\.error) == [nil, nil])
        #expect(report.images.map(\.label) == [nil, nil])
        #expect(report.images.map(\.prediction) == [0, 5])
    }

    @Test(
        "a missing default model is a one-line error naming the file and how to make it; no message names a command that does not exist"
    )
    func missingDefault() throws {
        for (variant, message) in [
            (
                "eager",
                "models/baseline_cnn.safetensors: eager model not found (make it with `edge train --out models/baseline_cnn.safetensors`, or pass --model FILE)"
            ),
            (
                "quantized",
                "models/quantized_cnn.onnx: quantized model not found (make it with `edge quantize --out models/quantized_cnn.onnx`, or pass --model FILE)"
            ),
            (
                "frozen",
                "models/edge_model.onnx: frozen model not found (make it with `edge freeze --out models/edge_model.onnx`, or pass --model FILE)"
            ),
        ] {
            let options = try ModelOptions.parse(["--variant", variant])
            do {
                _ = try options.load(exists: { _ in false })
                Issue.record("no error for a missing \(variant) model")
            } catch {
                #expect("\(error)" == message)
            }
        }
    }

    @Test("inspect reports layers, shapes, parameters and FLOPs")
    func inspect() throws {
        let graph = try ModelFile.loadGraph(contentsOf: Repository.model)
        let summary = try ModelSummary(graph: graph, path: Repository.model, sha256: "abc")
        #expect(summary.parameters == 270_778 && summary.flops == 8_180_288)
        #expect(summary.layers.map(\.name).first == "conv1" && summary.layers.count == 12)
        #expect(summary.layers[4].outputShape == [1, 64, 14, 14])
        let table = summary.table()
        #expect(table.contains("conv2     Conv                [1,64,14,14]        18,496   7,225,344    88.3"))
        #expect(table.contains("270,778   8,180,288   (8.18 MFLOP per inference)"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(summary.json().utf8)) as? [String: Any])
        #expect(object["parameters"] as? Int == 270_778)
        #expect((object["layers"] as? [[String: Any]])?.first?["output_shape"] as? [Int] == [1, 32, 28, 28])
    }
}

@Suite("edge infer on a blank frame")
struct InferBlankFrameTests {
    @Test("a frame without ink is reported as empty and not classified; the next one is the cold call")
    func blank() throws {
        let path = NSTemporaryDirectory() + "edge-blank-\(getpid()).png"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try PNGCodec.write(
            Image(width: 28, height: 28, format: .gray, pixels: [UInt8](repeating: 255, count: 784)), to: path)
        let report = try InferCommand.parse([
            path, Repository.digits + "/0004_0.png", "--model", Repository.model,
            "--repeats", "1",
        ]).classify()
        #expect(report.images[0].empty && report.images[0].prediction == nil && report.images[0].error == nil)
        #expect(report.images[1].prediction != nil)
        #expect(report.firstCallMicroseconds == report.images[1].inferenceMicroseconds)
        #expect(report.log().contains("empty frame (no ink), not classified"))
    }
}
