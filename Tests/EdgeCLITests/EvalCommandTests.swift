import EdgeGraph
import EdgeImaging
import EdgeModelIO
import EdgeRuntime
import Foundation
import Testing

@testable import EdgeCLI

/// Repository paths, found from this file's location.
enum Repository {
    static let root = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
    static let digits = root + "/samples/digits"
    static let model = root + "/Tests/EdgeModelIOTests/Fixtures/digitcnn_torch.safetensors"
}

@Suite("edge eval")
struct EvalCommandTests {
    /// A folder with two PNG digits per class copied from samples/digits and their labels.csv.
    func makeLabelledFolder() throws -> (directory: String, files: [(String, Int)]) {
        let directory = NSTemporaryDirectory() + "edge-eval-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let all = try #require(try LabelsFile.load(directory: Repository.digits)).entries
        var picked: [(String, Int)] = []
        for label in 0..<10 { picked += all.filter { $0.label == label }.prefix(2).map { ($0.file, $0.label) } }
        for (file, _) in picked {
            try FileManager.default.copyItem(atPath: Repository.digits + "/" + file, toPath: directory + "/" + file)
        }
        let csv = "file,label\n" + picked.map { "\($0.0),\($0.1)" }.joined(separator: "\n") + "\n"
        try csv.write(toFile: directory + "/labels.csv", atomically: true, encoding: .utf8)
        return (directory, picked)
    }

    @Test("--json --predictions on a labelled PNG folder has DESIGN.md's shape and the engine's answers")
    func jsonShape() throws {
        let (directory, files) = try makeLabelledFolder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let command = try EvalCommand.parse([
            "--model", Repository.model, "--data", directory, "--json", "--predictions",
        ])
        let json = EvalCommand.json(try command.evaluate())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "variant", "model", "total", "correct", "accuracy", "per_class", "confusion", "empty_frames",
                "predictions", "classes",
            ])
        #expect(object["variant"] as? String == "eager")
        #expect(object["model"] as? String == Repository.model)
        #expect(object["total"] as? Int == 20)
        let confusion = try #require(object["confusion"] as? [[Int]])
        #expect(confusion.count == 10 && confusion.allSatisfy { $0.count == 10 })
        #expect(confusion.map { $0.reduce(0, +) } == Array(repeating: 2, count: 10))
        let correct = try #require(object["correct"] as? Int)
        #expect(correct == (0..<10).reduce(0) { $0 + confusion[$1][$1] })
        #expect(abs((object["accuracy"] as? Double ?? -1) - Double(correct) / 20) < 1e-12)
        #expect((object["per_class"] as? [Double])?.count == 10)

        // The predictions are the eager engine's on the preprocessed PNGs, in labels.csv order.
        let engine = try EagerModel(graph: ModelFile.loadGraph(contentsOf: Repository.model)).makeContext()
        let expected = try files.map { file, _ in
            try engine.predict(Preprocessor().process(PNGCodec.decode(contentsOf: directory + "/" + file)).tensor).label
        }
        #expect(object["predictions"] as? [Int] == expected)
    }

    @Test("without --predictions the key is absent; bad folders are one-line errors")
    func errors() throws {
        let (directory, _) = try makeLabelledFolder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let report = try EvalCommand.parse(["--model", Repository.model, "--data", directory]).evaluate()
        #expect(report.predictions == nil)
        #expect(!EvalCommand.json(report).contains("predictions"))

        try "file,label\n0004_0.png,11\n".write(toFile: directory + "/labels.csv", atomically: true, encoding: .utf8)
        do {
            _ = try EvalCommand.parse(["--model", Repository.model, "--data", directory]).evaluate()
            Issue.record("a bad label was accepted")
        } catch {
            #expect("\(error)" == "\(directory)/labels.csv: line 2: the label 11 of '0004_0.png' is outside 0...9")
        }
        do {
            _ = try EvalCommand.parse(["--model", Repository.model, "--data", Repository.root + "/Sources"]).evaluate()
            Issue.record("a folder without data was accepted")
        } catch {
            #expect(
                "\(error)"
                    == "\(Repository.root)/Sources: neither an MNIST IDX folder (test-images-idx3-ubyte) nor a PNG folder with labels.csv"
            )
        }
    }

    @Test("help lists the options")
    func help() {
        let help = EvalCommand.helpMessage()
        for option in ["--variant", "--model", "--data", "--json", "--predictions"] {
            #expect(help.contains(option), "\(option)")
        }
        #expect(Edge.helpMessage().contains("inspect"))
        #expect(Edge.helpMessage().contains("infer"))
    }
}

/// A blank picture gets one rule in every command: not classified, `empty_frame`.
@Suite("one rule for a blank frame (binary)")
struct BlankFrameRuleTests {
    @Test(
        "eval counts it as an empty frame (in total, not correct, prediction null); infer and run call it empty_frame")
    func blankEverywhere() throws {
        let folder = try TemporaryFolder(prefix: "edge-blank")
        defer { folder.remove() }
        try FileManager.default.copyItem(atPath: Repository.digits + "/0004_0.png", toPath: folder.file("0004_0.png"))
        try PNGCodec.write(Image(width: 28, height: 28, format: .gray, repeating: 255), to: folder.file("blank.png"))
        try "file,label\n0004_0.png,0\nblank.png,3\n".write(
            toFile: folder.file("labels.csv"), atomically: true, encoding: .utf8)

        let eval = try EdgeProcess.run(["eval", "--data", folder.path, "--json", "--predictions"])
        #expect(eval.status == 0, "\(eval)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        #expect(object["total"] as? Int == 2 && object["correct"] as? Int == 1 && object["empty_frames"] as? Int == 1)
        let predictions = try #require(object["predictions"] as? [Any])
        #expect(predictions.count == 2 && predictions[0] as? Int == 0 && predictions[1] is NSNull)
        #expect((object["per_class"] as? [Any])?[3] as? Double == 0, "the blank 3 counts against class 3")

        let infer = try EdgeProcess.run(["infer", folder.file("blank.png"), "--json"])
        #expect(infer.status == 0, "\(infer)")
        let images = try #require(
            (try JSONSerialization.jsonObject(with: Data(infer.stdout.utf8)) as? [String: Any])?["images"]
                as? [[String: Any]])
        #expect(images.first?["empty"] as? Bool == true && images.first?["prediction"] is NSNull)

        try """
        name: blank
        source: {type: folder, path: \(folder.path), order: labels}
        sink: {log: \(folder.file("logs")), warmup_frames: 0}

        """.write(toFile: folder.file("p.yaml"), atomically: true, encoding: .utf8)
        let run = try EdgeProcess.run(["run", folder.file("p.yaml")])
        #expect(run.status == 0 && run.stdout.contains("failed: empty_frame 1"), "\(run)")
    }
}
