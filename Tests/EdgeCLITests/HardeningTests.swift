import EdgeGraph
import EdgeImaging
import EdgeModelIO
import EdgeTensor
import Foundation
import Testing

@testable import EdgeCLI

/// Files a hostile or careless user hands over, and outputs that must survive: each finding of
/// the hardening issue, on the real binary. No file crashes the process; no output is destroyed.
@Suite("hardening (binary)")
struct HardeningTests {
    static let model = Repository.root + "/models/baseline_cnn.safetensors"
    static let sample = Repository.root + "/samples/digits/0004_0.png"

    /// A pipeline file replaying `folder` with the committed model; logs into `logs`.
    static func pipeline(folder: String, logs: String, model: String = HardeningTests.model) -> String {
        """
        name: hardening
        source:
          type: folder
          path: \(folder)
          rate: max
        inference:
          variant: eager
          model: \(model)
        sink:
          log: \(logs)
          warmup_frames: 0

        """
    }

    static func jsonLines(_ path: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
        }
    }

    /// DigitCNN weights whose fc2 makes every logit overflow to +Inf: finite, loadable, useless.
    static func overflowingWeights() throws -> DigitCNNWeights {
        var weights = try DigitCNNWeights(contentsOf: model)
        weights["fc1.bias"] = Tensor(shape: [80], repeating: 1000)
        weights["fc2.weight"] = Tensor(shape: [10, 80], repeating: 3e38)
        return weights
    }

    // MARK: 1. PNG headers with absurd sizes

    @Test("a PNG whose IHDR claims 2^32-1 × 2^32-1 (or is all 0xFF) fails its frame; the run and its logs go on")
    func hugeHeaders() throws {
        let folder = try TemporaryFolder(prefix: "edge-harden")
        defer { folder.remove() }
        let frames = folder.file("frames")
        try FileManager.default.createDirectory(atPath: frames, withIntermediateDirectories: true)
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.sample)))
        var huge = good
        for index in 16..<24 { huge[index] = 0xFF }  // width and height 4294967295
        let signatureThenFF = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0xFF, count: 200)
        try Data(good).write(to: URL(fileURLWithPath: frames + "/a_good.png"))
        try Data(huge).write(to: URL(fileURLWithPath: frames + "/b_huge.png"))
        try Data(signatureThenFF).write(to: URL(fileURLWithPath: frames + "/c_ff.png"))
        try Data(good).write(to: URL(fileURLWithPath: frames + "/d_good.png"))
        try Self.pipeline(folder: frames, logs: folder.file("logs")).write(
            toFile: folder.file("p.yaml"), atomically: true, encoding: .utf8)

        let run = try EdgeProcess.run(["run", folder.file("p.yaml"), "--report", folder.file("report.json")])
        #expect(run.status == 0 && !run.signaled, "\(run)")
        #expect(run.stdout.contains("produced 4 = predicted 2 + failed 2 + dropped 0"), "\(run)")
        let records = try Self.jsonLines(folder.file("logs/edge_log.jsonl"))
        #expect(records.map { $0["source"] as? String } == ["a_good.png", "b_huge.png", "c_ff.png", "d_good.png"])
        #expect(records.map { $0["outcome"] as? String } == ["predicted", "failed", "failed", "predicted"])
        #expect(
            records[1]["reason"] as? String == "corrupt_png" && records[2]["reason"] as? String == "corrupt_png",
            "\(records)")
        let text = try String(contentsOfFile: folder.file("logs/edge_log.txt"), encoding: .utf8)
        #expect(text.split(separator: "\n").count == 4)

        // The other commands answer the same files with one line each.
        for name in ["b_huge.png", "c_ff.png"] {
            for command in [["image", "info"], ["infer"]] {
                let result = try EdgeProcess.run(command + [frames + "/" + name])
                CLIExitCodeTests.expectDataError(result, file: frames + "/" + name, problem: "corrupt PNG")
            }
        }
    }

    // MARK: 2. Non-finite weights and outputs

    @Test("weights with NaN or Inf are refused at load, naming the file and the tensor, by every command")
    func nonFiniteWeights() throws {
        let folder = try TemporaryFolder(prefix: "edge-harden")
        defer { folder.remove() }
        var file = try SafetensorsFile(contentsOf: Self.model)
        var tensor = try #require(file["conv2.weight"]?.floatTensor)
        tensor.withUnsafeMutableBufferPointer { $0[11] = .nan }
        file.set("conv2.weight", SafetensorsTensor(tensor))
        let bad = folder.file("nan.safetensors")
        try file.write(to: bad)
        try Self.pipeline(folder: Repository.digits, logs: folder.file("logs"), model: bad)
            .write(toFile: folder.file("p.yaml"), atomically: true, encoding: .utf8)

        let problem = "tensor 'conv2.weight': holds a non-finite value (nan) at element 11"
        for arguments in [
            ["infer", Self.sample, "--model", bad], ["infer", Self.sample, "--model", bad, "--json"],
            ["eval", "--model", bad, "--json"], ["run", folder.file("p.yaml")], ["inspect", bad],
        ] {
            let result = try EdgeProcess.run(arguments)
            CLIExitCodeTests.expectDataError(result, file: bad, problem: problem)
            #expect(result.stdout.isEmpty, "\(result)")
        }
    }

    @Test("an output that overflows fails the frame as non_finite_output; logs, report and --json stay valid JSON")
    func nonFiniteOutputs() throws {
        let folder = try TemporaryFolder(prefix: "edge-harden")
        defer { folder.remove() }
        let model = folder.file("overflow.safetensors")
        try Self.overflowingWeights().write(to: model)
        let frames = folder.file("frames")
        try FileManager.default.createDirectory(atPath: frames, withIntermediateDirectories: true)
        for name in ["0000_0.png", "0001_0.png", "0004_0.png"] {
            try FileManager.default.copyItem(atPath: Repository.digits + "/" + name, toPath: frames + "/" + name)
        }
        try Self.pipeline(folder: frames, logs: folder.file("logs"), model: model)
            .write(toFile: folder.file("p.yaml"), atomically: true, encoding: .utf8)

        let run = try EdgeProcess.run(["run", folder.file("p.yaml"), "--report", folder.file("report.json")])
        #expect(run.status == 0 && !run.signaled, "\(run)")
        let records = try Self.jsonLines(folder.file("logs/edge_log.jsonl"))
        #expect(records.count == 3)
        #expect(
            records.allSatisfy {
                $0["outcome"] as? String == "failed" && $0["reason"] as? String == "non_finite_output"
            }, "\(records)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.file("report.json"))))
                as? [String: Any])
        #expect(report["failed_by_reason"] as? [String: Int] == ["non_finite_output": 3])

        let infer = try EdgeProcess.run(["infer", frames + "/0004_0.png", "--model", model, "--json"])
        #expect(infer.status == 1 && !infer.signaled, "\(infer)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(infer.stdout.utf8)) as? [String: Any], "\(infer)")
        let images = try #require(object["images"] as? [[String: Any]])
        #expect((images.first?["error"] as? String)?.contains("is not finite") == true, "\(images)")
        #expect(infer.stderrLines.count == 1, "\(infer)")

        let eval = try EdgeProcess.run(["eval", "--model", model])
        CLIExitCodeTests.expectDataError(
            eval, file: "samples/mnist/test-images-idx3-ubyte", problem: "image 0: output 'logits' is not finite")
    }

    // MARK: 3. Outputs written through links and devices

    @Test("--report to /dev/stdout, /dev/null, a symlink: devices and links survive; /dev/full is an error")
    func reportTargets() throws {
        let folder = try TemporaryFolder(prefix: "edge-harden")
        defer { folder.remove() }
        try Self.pipeline(folder: Repository.digits, logs: folder.file("logs"))
            .write(toFile: folder.file("p.yaml"), atomically: true, encoding: .utf8)
        let base = ["run", folder.file("p.yaml"), "--frames", "5"]

        let stdout = try EdgeProcess.run(base + ["--report", "/dev/stdout"])
        #expect(stdout.status == 0, "\(stdout)")
        // Report and summary both reach the redirected stdout; neither overwrote the other.
        #expect(
            stdout.stdout.contains("\"schema_version\": 1") && stdout.stdout.contains("produced 5 = predicted 5"),
            "\(stdout)")

        let null = try EdgeProcess.run(base + ["--report", "/dev/null", "--trace", "/dev/null"])
        #expect(null.status == 0, "\(null)")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR, "/dev/null is still a device")

        try "old".write(toFile: folder.file("real.json"), atomically: true, encoding: .utf8)
        #expect(symlink("real.json", folder.file("link.json")) == 0)
        let linked = try EdgeProcess.run(base + ["--report", folder.file("link.json")])
        #expect(linked.status == 0, "\(linked)")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.file("link.json"))
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect(try String(contentsOfFile: folder.file("real.json"), encoding: .utf8).contains("\"schema_version\": 1"))

        var full = try EdgeProcess.run(base + ["--report", "/dev/full"])
        full.stderr = full.stderrLines.filter { !$0.hasPrefix("WARNING: this is a DEBUG build") }.map { $0 + "\n" }
            .joined()
        CLIExitCodeTests.expectDataError(
            full, file: "/dev/full", problem: "cannot write the report: write failed: No space left on device")
        #expect(stat("/dev/full", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR, "/dev/full is still a device")
    }

    // MARK: 4. Outputs checked before the work

    @Test("a bad --report or --trace fails before the run starts: no frames, no logs")
    func runChecksOutputsFirst() throws {
        let folder = try TemporaryFolder(prefix: "edge-harden")
        defer { folder.remove() }
        try Self.pipeline(folder: Repository.digits, logs: folder.file("logs"))
            .write(toFile: folder.file("p.yaml"), atomically: true, encoding: .utf8)
        for option in ["--report", "--trace"] {
            let result = try EdgeProcess.run(["run", folder.file("p.yaml"), option, folder.path])
            CLIExitCodeTests.expectDataError(result, file: folder.path, problem: "is a folder, expected a file path")
            #expect(result.stdout.isEmpty, "no summary: the run never started \(result)")
            #expect(!FileManager.default.fileExists(atPath: folder.file("logs")), "no log was opened")
        }
        try "x".write(toFile: folder.file("plain"), atomically: true, encoding: .utf8)
        let under = try EdgeProcess.run(["run", folder.file("p.yaml"), "--report", folder.file("plain/report.json")])
        CLIExitCodeTests.expectDataError(
            under, file: folder.file("plain/report.json"), problem: "\(folder.file("plain")) is not a folder")
    }

    @Test("edge train refuses to replace a model without --force, and checks --out before loading any data")
    func trainChecksOutFirst() throws {
        let folder = try TemporaryFolder(prefix: "edge-harden")
        defer { folder.remove() }
        let existing = folder.file("model.safetensors")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: existing))
        // --data points nowhere: the output error must come first, before any data is read.
        let refused = try EdgeProcess.run(["train", "--data", "/nonexistent", "--out", existing])
        CLIExitCodeTests.expectDataError(refused, file: existing, problem: "already exists; pass --force to replace it")
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep me")

        let directory = try EdgeProcess.run(["train", "--data", "/nonexistent", "--out", folder.path, "--force"])
        CLIExitCodeTests.expectDataError(directory, file: folder.path, problem: "is a folder, expected a file path")

        // The default --out is the committed model: refused too.
        let committed = try EdgeProcess.run(["train", "--data", "/nonexistent"])
        CLIExitCodeTests.expectDataError(
            committed, file: "models/baseline_cnn.safetensors", problem: "already exists; pass --force")

        // With --force the data is read (and here fails), so the check let it through.
        let forced = try EdgeProcess.run(["train", "--data", "/nonexistent", "--out", existing, "--force"])
        CLIExitCodeTests.expectDataError(
            forced, file: "/nonexistent/train-images-idx3-ubyte", problem: "cannot read IDX file")
    }

    @Test("edge image preprocess checks -o before decoding")
    func preprocessChecksOutputFirst() throws {
        let folder = try TemporaryFolder(prefix: "edge-harden")
        defer { folder.remove() }
        let result = try EdgeProcess.run(["image", "preprocess", "/nonexistent.png", "-o", folder.path])
        CLIExitCodeTests.expectDataError(result, file: folder.path, problem: "is a folder, expected a file path")
    }

    // MARK: 5. edge synth into a folder with files

    @Test("edge synth refuses a non-empty folder; --force replaces only its own frames and labels.csv")
    func synthFolder() throws {
        let folder = try TemporaryFolder(prefix: "edge-harden")
        defer { folder.remove() }
        let first = try EdgeProcess.run(["synth", "--frames", "5", "--out", folder.path, "--seed", "7"])
        #expect(first.status == 0, "\(first)")
        try "mine".write(toFile: folder.file("notes.txt"), atomically: true, encoding: .utf8)

        let refused = try EdgeProcess.run(["synth", "--frames", "2", "--out", folder.path])
        CLIExitCodeTests.expectDataError(
            refused, file: folder.path, problem: "folder is not empty (7 entries); pass --force")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 7, "nothing was touched")

        let forced = try EdgeProcess.run(["synth", "--frames", "2", "--out", folder.path, "--force", "--seed", "8"])
        #expect(forced.status == 0, "\(forced)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let labels = try #require(try LabelsFile.load(directory: folder.path))
        #expect(names == (labels.entries.map(\.file) + ["labels.csv", "notes.txt"]).sorted(), "\(names)")
        #expect(labels.entries.count == 2)
        #expect(try String(contentsOfFile: folder.file("notes.txt"), encoding: .utf8) == "mine")

        try "x".write(toFile: folder.file("plain"), atomically: true, encoding: .utf8)
        let notFolder = try EdgeProcess.run(["synth", "--frames", "1", "--out", folder.file("plain")])
        CLIExitCodeTests.expectDataError(notFolder, file: folder.file("plain"), problem: "exists and is not a folder")
    }
}
