import EdgeIO
import EdgeImaging
import EdgeModelIO
import Foundation
import Testing

@testable import EdgeCLI

/// The whole loop on a foreign RGB model (``ForeignModel``): refused without preprocessing,
/// tagged with `edge model set-preprocess`, then infer, eval, quantize and run.
@Suite("a foreign RGB model through every command")
struct ForeignModelLoopTests {
    private func failure(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch { return "\(error)" }
    }

    @Test("without edge.preprocess a 3x32x32 model is refused with how to give one; --preprocess runs it")
    func refusedThenOverridden() throws {
        let folder = try TemporaryFolder(prefix: "edge-foreign")
        defer { folder.remove() }
        try ForeignModel.write(into: folder.path)
        let image = folder.file("images/00_red.png")
        let refused = failure { _ = try InferCommand.parse(["--model", folder.file("model.onnx"), image]).classify() }
        #expect(refused?.contains("is [1,3,32,32] and the file carries no edge.preprocess") == true)
        #expect(refused?.contains("--preprocess FILE.yaml") == true)
        #expect(refused?.contains("edge model set-preprocess") == true)
        // A preprocessing of the wrong shape names both.
        try "mode: resize\nsize: [28, 28]\nchannels: gray\n".write(
            toFile: folder.file("gray.yaml"), atomically: true, encoding: .utf8)
        let mismatch = failure {
            _ = try InferCommand.parse([
                "--model", folder.file("model.onnx"), "--preprocess", folder.file("gray.yaml"), image,
            ]).classify()
        }
        #expect(mismatch?.contains("is [1,3,32,32]") == true && mismatch?.contains("makes [1,1,28,28]") == true)
        let report = try InferCommand.parse([
            "--model", folder.file("model.onnx"), "--preprocess", folder.file("preprocess.yaml"), "--repeats", "1",
            image,
        ]).classify()
        #expect(report.images.first?.prediction == 0 && report.images.first?.logits?.count == 3)
        #expect(report.classes == nil)
    }

    @Test("set-preprocess stores both keys; infer --json, eval and quantize then need no flags")
    func tagged() throws {
        let folder = try TemporaryFolder(prefix: "edge-foreign")
        defer { folder.remove() }
        try ForeignModel.write(into: folder.path)
        let tagged = folder.file("tagged.onnx")
        let set = try ModelSetPreprocessCommand.parse([
            folder.file("model.onnx"), "--preprocess", folder.file("preprocess.yaml"),
            "--classes", folder.file("classes.txt"), "-o", tagged,
        ])
        try set.run()
        let metadata = try ModelMetadata.read(bytes: try FileSystem.read(tagged), path: tagged)
        #expect(metadata["edge.classes"] == #"["red","green","blue"]"#)
        #expect(
            metadata["edge.preprocess"]
                == #"{"mode":"resize","size":[32,32],"channels":"rgb","mean":[0.5,0.5,0.5],"std":[0.5,0.5,0.5],"resize":"bilinear"}"#
        )
        // edge inspect shows both.
        let graph = try ModelFile.loadGraph(contentsOf: tagged)
        var summary = try ModelSummary(graph: graph, path: tagged, sha256: "0")
        summary.description = try ModelSetup.describe(metadata, model: tagged)
        #expect(summary.table().contains("edge.classes: red, green, blue"))
        #expect(
            summary.table().contains(
                "edge.preprocess: resize 32x32 rgb bilinear, mean [0.5, 0.5, 0.5], std [0.5, 0.5, 0.5]"))
        // The original is untouched with -o.
        #expect(try ModelMetadata.read(bytes: try FileSystem.read(folder.file("model.onnx")), path: "m.onnx").isEmpty)

        // Class names that do not match the logits are refused, nothing written.
        try "a,b\n".write(toFile: folder.file("two.txt"), atomically: true, encoding: .utf8)
        let wrong = failure {
            let command = try ModelSetPreprocessCommand.parse([
                tagged, "--preprocess", folder.file("preprocess.yaml"), "--classes", folder.file("two.txt"),
            ])
            try command.run()
        }
        #expect(wrong?.contains("2 class names, but \(tagged) writes 3 logits") == true)

        // infer --json: logits per image and the class names.
        let infer = try InferCommand.parse([
            "--model", tagged, "--variant", "frozen", "--repeats", "1",
            folder.file("images/01_green.png"), folder.file("images/02_blue.png"),
        ]).classify()
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(infer.json().utf8)) as? [String: Any])
        let images = try #require(json["images"] as? [[String: Any]])
        #expect(images.map { $0["class"] as? String } == ["green", "blue"])
        #expect(images.map { $0["label_name"] as? String } == ["green", "blue"])
        #expect(images.allSatisfy { ($0["logits"] as? [Double])?.count == 3 })
        #expect(json["classes"] as? [String] == ForeignModel.classes)

        // eval: a 3x3 confusion matrix and per-class table with names.
        for variant in ["eager", "frozen"] {
            let report = try EvalCommand.parse([
                "--model", tagged, "--variant", variant, "--data", folder.file("images"),
            ]).evaluate()
            #expect(report.total == 12 && report.correct == 12, "\(variant)")
            #expect(report.confusion == [[4, 0, 0], [0, 4, 0], [0, 0, 4]])
            #expect(report.classes == ForeignModel.classes)
            let table = EvalCommand.table(report, data: "images")
            #expect(table.contains("0 red") && table.contains("2 blue"))
        }

        // quantize on the RGB PNGs (preprocessed by the model's edge.preprocess), then run it.
        let quantized = folder.file("q.onnx")
        let quantize = try QuantizeCommand.parse([
            "--model", tagged, "--calibration", folder.file("images"), "--count", "12", "--out", quantized,
        ])
        try quantize.run()
        let qMetadata = try ModelMetadata.read(bytes: try FileSystem.read(quantized), path: quantized)
        #expect(qMetadata["edge.preprocess"] == metadata["edge.preprocess"])
        #expect(qMetadata["edge.classes"] == metadata["edge.classes"])
        let report = try EvalCommand.parse([
            "--model", quantized, "--variant", "quantized", "--data", folder.file("images"),
        ]).evaluate()
        #expect(report.correct == 12 && report.classes == ForeignModel.classes)
    }

    @Test("image preprocess --preprocess writes the resized RGB input the model sees")
    func imagePreprocess() throws {
        let folder = try TemporaryFolder(prefix: "edge-foreign")
        defer { folder.remove() }
        try ForeignModel.write(into: folder.path, count: 1)
        let command = try ImagePreprocessCommand.parse([
            folder.file("images/00_red.png"), "-o", folder.file("seen.png"), "--preprocess",
            folder.file("preprocess.yaml"),
        ])
        try command.run()
        let seen = try PNGCodec.decode(contentsOf: folder.file("seen.png"), to: .rgb)
        let source = try PNGCodec.decode(contentsOf: folder.file("images/00_red.png"), to: .rgb)
        #expect(seen.width == 32 && seen.height == 32)
        #expect(seen == ImageResize.resize(source, width: 32, height: 32, filter: .bilinear))
    }

    @Test("bench --data on RGB PNGs preprocesses them with --preprocess (the model's shape), else refuses")
    func bench() throws {
        let folder = try TemporaryFolder(prefix: "edge-foreign")
        defer { folder.remove() }
        try ForeignModel.write(into: folder.path, count: 3)
        let report = try BenchCommand.parse([
            "--variants", "eager", "--model", folder.file("model.onnx"), "--data", folder.file("images"),
            "--preprocess", folder.file("preprocess.yaml"), "--iterations", "5", "--warmup", "1", "--block", "5",
        ]).measure()
        #expect(report.inputs.kind == "png-folder" && report.inputs.count == 3)
        let refused = failure {
            _ = try BenchCommand.parse([
                "--variants", "eager", "--model", folder.file("model.onnx"), "--data", folder.file("images"),
            ]).measure()
        }
        #expect(refused?.contains("carries no edge.preprocess") == true)
    }

    @Test("quantize --preprocess on an untagged model stores the preprocessing it calibrated with")
    func quantizeWithPreprocess() throws {
        let folder = try TemporaryFolder(prefix: "edge-foreign")
        defer { folder.remove() }
        try ForeignModel.write(into: folder.path)
        let quantized = folder.file("q.onnx")
        let quantize = try QuantizeCommand.parse([
            "--model", folder.file("model.onnx"), "--calibration", folder.file("images"), "--count", "6",
            "--preprocess", folder.file("preprocess.yaml"), "--out", quantized,
        ])
        try quantize.run()
        let report = try EvalCommand.parse([
            "--model", quantized, "--variant", "quantized", "--data", folder.file("images"),
        ]).evaluate()
        #expect(report.correct == 12 && report.classes == nil)
    }

    @Test(
        "edge run replays RGB PNGs through the tagged model: class names in the log and report; a corrupt PNG fails alone"
    )
    func run() throws {
        let folder = try TemporaryFolder(prefix: "edge-foreign")
        defer { folder.remove() }
        try ForeignModel.write(into: folder.path)
        let tagged = folder.file("tagged.onnx")
        let set = try ModelSetPreprocessCommand.parse([
            folder.file("model.onnx"), "--preprocess", folder.file("preprocess.yaml"),
            "--classes", folder.file("classes.txt"), "-o", tagged,
        ])
        try set.run()
        try Data([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]).write(to: URL(fileURLWithPath: folder.file("images/99_bad.png")))
        try """
        name: foreign
        source: {type: folder, path: \(folder.file("images")), order: name}
        inference: {variant: frozen, model: \(tagged)}
        sink: {log: \(folder.file("logs")), warmup_frames: 0}

        """.write(toFile: folder.file("p.yaml"), atomically: true, encoding: .utf8)
        let result = try EdgeProcess.run(["run", folder.file("p.yaml"), "--report", folder.file("r.json")])
        #expect(result.status == 0, "\(result)")
        let report = try RunCommandTests.jsonObject(FileManager.default.contents(atPath: folder.file("r.json")))
        #expect(report["predicted"] as? Int == 12 && report["failed"] as? Int == 1)
        #expect(report["accuracy"] as? Double == 1)
        #expect(report["classes"] as? [String] == ForeignModel.classes)
        let config = try #require(report["config"] as? [String: Any])
        #expect((config["preprocess"] as? [String: Any])?["mode"] as? String == "resize")
        let records = try RunCommandTests.logRecords(folder)
        #expect(records.count == 13)
        #expect(records.first?["class"] as? String == "red" && records.first?["label_name"] as? String == "red")
        #expect(records.last?["outcome"] as? String == "failed")
    }
}
