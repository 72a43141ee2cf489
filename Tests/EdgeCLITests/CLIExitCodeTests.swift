import ArgumentParser
import Foundation
import Testing

@testable import EdgeCLI

/// DESIGN.md's exit codes, checked on the real binary: 0 success; 1 bad data, with exactly one
/// stderr line naming the file and the problem; 64 usage errors. Never a signal.
@Suite("edge exit codes and one-line errors")
struct CLIExitCodeTests {
    static let sample = Repository.root + "/samples/digits/0000_0.png"
    static let model = Repository.root + "/models/baseline_cnn.safetensors"

    /// Expects exit code 1 and a single stderr line `Error: <file>: <problem>...`.
    static func expectDataError(
        _ result: EdgeProcess.Result, file: String, problem: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(!result.signaled, "\(result)", sourceLocation: sourceLocation)
        #expect(result.status == 1, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.count == 1, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("Error: \(file): \(problem)"), "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasSuffix("\n"), sourceLocation: sourceLocation)
    }

    // MARK: Bad PNGs

    /// Bad PNG files the tests write: name, bytes, and the start of the problem `PNGError` reports.
    static func badPNGs() throws -> [(name: String, bytes: [UInt8], problem: String)] {
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: sample)))
        var corrupt = good
        for index in 50..<70 { corrupt[index] ^= 0x5A }  // inside the IDAT payload (bytes 41...252)
        return [
            ("corrupt.png", corrupt, "corrupt PNG"),
            ("truncated.png", Array(good.prefix(100)), "truncated PNG"),
            ("text.png", Array("not an image\n".utf8), "not a PNG file"),
            ("empty.png", [], "empty file"),
        ]
    }

    @Test("edge image info: a missing or damaged PNG exits 1 with one line naming it")
    func imageInfoBadPNG() throws {
        let folder = try TemporaryFolder(prefix: "edge-exit")
        defer { folder.remove() }
        let missing = folder.file("missing.png")
        Self.expectDataError(
            try EdgeProcess.run(["image", "info", missing]), file: missing,
            problem: "cannot read file: No such file or directory")
        for (name, bytes, problem) in try Self.badPNGs() {
            let path = folder.file(name)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let result = try EdgeProcess.run(["image", "info", "--json", path])
            Self.expectDataError(result, file: path, problem: problem)
            #expect(result.stdout.isEmpty, "no JSON for a bad file: \(result)")
        }
    }

    @Test("edge image preprocess and edge infer: a damaged PNG exits 1 with one stderr line")
    func preprocessAndInferBadPNG() throws {
        let folder = try TemporaryFolder(prefix: "edge-exit")
        defer { folder.remove() }
        let path = folder.file("corrupt.png")
        try Data(try Self.badPNGs()[0].bytes).write(to: URL(fileURLWithPath: path))
        let output = folder.file("out.png")

        Self.expectDataError(
            try EdgeProcess.run(["image", "preprocess", path, "-o", output]), file: path, problem: "corrupt PNG")
        #expect(!FileManager.default.fileExists(atPath: output), "no output for a bad input")

        // infer reports per image: the good one is classified, the bad one is the one stderr line.
        let infer = try EdgeProcess.run(["infer", "--model", Self.model, "--repeats", "1", Self.sample, path])
        Self.expectDataError(infer, file: path, problem: "corrupt PNG")
        #expect(infer.stdout.contains("0000_0.png"), "\(infer)")
    }

    @Test("edge eval: a damaged or missing PNG, or a truncated IDX file, exits 1 naming it")
    func evalBadPNG() throws {
        let folder = try TemporaryFolder(prefix: "edge-exit")
        defer { folder.remove() }
        try FileManager.default.copyItem(atPath: Self.sample, toPath: folder.file("0000_0.png"))
        try Data(try Self.badPNGs()[1].bytes).write(to: URL(fileURLWithPath: folder.file("0001_0.png")))
        try "file,label\n0000_0.png,0\n0001_0.png,0\n".write(
            toFile: folder.file("labels.csv"), atomically: true, encoding: .utf8)
        let result = try EdgeProcess.run(["eval", "--model", Self.model, "--data", folder.path, "--json"])
        Self.expectDataError(result, file: folder.file("0001_0.png"), problem: "truncated PNG")
        #expect(result.stdout.isEmpty)

        // A listed PNG that is not there.
        try "file,label\n0000_0.png,0\nmissing.png,3\n".write(
            toFile: folder.file("labels.csv"), atomically: true, encoding: .utf8)
        Self.expectDataError(
            try EdgeProcess.run(["eval", "--model", Self.model, "--data", folder.path]),
            file: folder.file("labels.csv"), problem: "line 3: 'missing.png' is not in the folder")

        // An IDX folder whose test images end early.
        let idx = try TemporaryFolder(prefix: "edge-exit")
        defer { idx.remove() }
        let images = try Data(
            contentsOf: URL(fileURLWithPath: Repository.root + "/samples/mnist/test-images-idx3-ubyte"))
        try images.prefix(1000).write(to: URL(fileURLWithPath: idx.file("test-images-idx3-ubyte")))
        try FileManager.default.copyItem(
            atPath: Repository.root + "/samples/mnist/test-labels-idx1-ubyte",
            toPath: idx.file("test-labels-idx1-ubyte"))
        Self.expectDataError(
            try EdgeProcess.run(["eval", "--model", Self.model, "--data", idx.path]),
            file: idx.file("test-images-idx3-ubyte"), problem: "truncated IDX file")
    }

    // MARK: Bad models

    @Test("a truncated safetensors model exits 1 naming it, for inspect, infer and eval")
    func truncatedModel() throws {
        let folder = try TemporaryFolder(prefix: "edge-exit")
        defer { folder.remove() }
        let path = folder.file("truncated.safetensors")
        let model = try Data(contentsOf: URL(fileURLWithPath: Self.model))
        try model.prefix(5000).write(to: URL(fileURLWithPath: path))

        Self.expectDataError(try EdgeProcess.run(["inspect", path]), file: path, problem: "truncated")
        Self.expectDataError(try EdgeProcess.run(["inspect", "--json", path]), file: path, problem: "truncated")
        Self.expectDataError(
            try EdgeProcess.run(["infer", "--model", path, Self.sample]), file: path, problem: "truncated")
        Self.expectDataError(
            try EdgeProcess.run(["eval", "--model", path, "--data", Repository.digits]), file: path,
            problem: "truncated")
        let pipeline = folder.file("replay.yaml")
        try "name: t\nsource:\n  type: folder\n  path: \(Repository.digits)\nsink:\n  log: \(folder.file("logs"))\n"
            .write(toFile: pipeline, atomically: true, encoding: .utf8)
        let run = try EdgeProcess.run(["run", pipeline, "--model", path], in: folder.path)
        #expect(run.stderrLines.filter { !$0.hasPrefix("WARNING: ") }.count == 1, "\(run)")
        #expect(run.status == 1 && run.stderr.contains("Error: \(path): truncated"), "\(run)")

        // Cut inside the 8-byte header length and inside the JSON header: still one line naming the file.
        for length in [4, 40] {
            try model.prefix(length).write(to: URL(fileURLWithPath: path))
            let result = try EdgeProcess.run(["inspect", path])
            Self.expectDataError(result, file: path, problem: "")
        }
    }

    @Test("a missing model file or a missing default model exits 1 naming it")
    func missingModel() throws {
        let folder = try TemporaryFolder(prefix: "edge-exit")
        defer { folder.remove() }
        let missing = folder.file("nope.safetensors")
        Self.expectDataError(try EdgeProcess.run(["inspect", missing]), file: missing, problem: "")
        Self.expectDataError(
            try EdgeProcess.run(["infer", "--model", missing, Self.sample]), file: missing, problem: "")
        // In a folder without models/, the default model is missing.
        Self.expectDataError(
            try EdgeProcess.run(["eval"], in: folder.path), file: "models/baseline_cnn.safetensors",
            problem: "eager model not found")
    }

    // MARK: Bad pipelines

    @Test("edge run: a malformed pipeline key exits 1 with one line naming file, line and key")
    func runBadPipeline() throws {
        let folder = try TemporaryFolder(prefix: "edge-exit")
        defer { folder.remove() }
        let path = folder.file("bad-key.yaml")
        try """
        name: bad-key
        source:
          type: folder
          path: \(Repository.digits)
        sink:
          log: \(folder.file("logs"))
          warmup_framez: 20

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try EdgeProcess.run(["run", path], in: folder.path)
        Self.expectDataError(result, file: path + ":7", problem: "sink.warmup_framez: unknown key")
        #expect(!FileManager.default.fileExists(atPath: folder.file("logs")), "nothing ran")

        let broken = folder.file("broken.yaml")
        try "name: x\nsource: [1\n".write(toFile: broken, atomically: true, encoding: .utf8)
        Self.expectDataError(
            try EdgeProcess.run(["run", broken], in: folder.path), file: broken + ":3", problem: "not valid YAML")

        let missing = folder.file("missing.yaml")
        Self.expectDataError(try EdgeProcess.run(["run", missing], in: folder.path), file: missing, problem: "")
    }

    // MARK: Paths with line breaks

    @Test("a path with a line break still gives one error line")
    func lineBreakInPath() throws {
        let folder = try TemporaryFolder(prefix: "edge-exit")
        defer { folder.remove() }
        let png = folder.file("two\nlines.png")
        let image = try EdgeProcess.run(["image", "info", png])
        #expect(
            image.status == 1
                && image.stderrLines == [
                    "Error: \(folder.file("two\\nlines.png")): cannot read file: No such file or directory"
                ],
            "\(image)")

        let directory = folder.file("two\nlines")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let others = [
            ["eval", "--model", Self.model, "--data", directory], ["inspect", directory + ".safetensors"],
            ["run", directory + ".yaml"], ["train", "--data", directory],
        ]
        for arguments in others {
            let result = try EdgeProcess.run(arguments)
            #expect(result.status == 1 && !result.signaled, "\(result)")
            #expect(result.stderrLines.count == 1, "\(result)")
        }
    }

    // MARK: Numeric extremes

    @Test("extreme numbers are refused or handled, never a crash")
    func numericExtremes() throws {
        // Rejected while parsing: no work is started.
        for arguments in [
            ["train", "--batch-size", "\(Int.max)"],
            ["synth", "--frames", "1", "--out", "/tmp/never", "--width", "\(Int.max)"],
            ["run", "p.yaml", "--workers", "\(Int.max)"], ["run", "p.yaml", "--seconds", "nan"],
        ] {
            #expect(throws: (any Error).self, "\(arguments)") { _ = try Edge.parseAsRoot(arguments) }
        }
        #expect(throws: (any Error).self) { _ = try Edge.parseAsRoot(["infer", "--repeats", "\(Int.max)", "x.png"]) }

        let folder = try TemporaryFolder(prefix: "edge-exit")
        defer { folder.remove() }
        try
            "name: t\nsource:\n  type: folder\n  path: \(Repository.digits)\n  loop: 1\ninference:\n  model: \(Self.model)\nsink:\n  log: \(folder.file("logs"))\n"
            .write(toFile: folder.file("p.yaml"), atomically: true, encoding: .utf8)
        let huge = try EdgeProcess.run(["run", "p.yaml", "--frames", "5", "--seconds", "1e308"], in: folder.path)
        #expect(!huge.signaled && [0, 64].contains(huge.status), "\(huge)")
        // A frame rate that passes "above 0" but whose period overflows the same conversion.
        try
            "name: t\nsource:\n  type: folder\n  path: \(Repository.digits)\n  rate: 1e-300\ninference:\n  model: \(Self.model)\nsink:\n  log: \(folder.file("logs"))\n"
            .write(toFile: folder.file("slow.yaml"), atomically: true, encoding: .utf8)
        let slow = try EdgeProcess.run(["run", "slow.yaml", "--frames", "2", "--seconds", "1"], in: folder.path)
        #expect(!slow.signaled && [0, 1].contains(slow.status), "\(slow)")
    }

    // MARK: Usage errors

    static let usageErrors: [[String]] = [
        ["nonsense"],
        ["inspect", "--bogus", "models/baseline_cnn.safetensors"],
        ["inspect"],
        ["infer", "--variant", "turbo", "samples/digits/0000_0.png"],
        ["infer"],
        ["infer", "--repeats", "0", "samples/digits/0000_0.png"],
        ["eval", "--variant", "fast"],
        ["run", "pipelines/replay-samples.yaml", "--variant", "int4"],
        ["run", "pipelines/replay-samples.yaml", "--frames", "0"],
        ["run", "pipelines/replay-samples.yaml", "--seconds", "-1"],
        ["image", "info"],
        ["image", "preprocess", "samples/digits/0000_0.png"],
        ["image", "preprocess", "samples/digits/0000_0.png", "-o", "/tmp/x.png", "--background", "256"],
        ["train", "--epochs", "zero"],
        ["train", "--batch-size", "1"],
        ["synth", "--frames", "0", "--out", "/tmp/never"],
        ["synth", "--frames", "1", "--out", "/tmp/never", "--width", "27"],
    ]

    @Test("usage errors exit 64 with an Error: line, before doing any work", arguments: usageErrors)
    func usageError(arguments: [String]) throws {
        let result = try EdgeProcess.run(arguments)
        #expect(!result.signaled, "\(result)")
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.hasPrefix("Error: "), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        // Parse in-process too: the same arguments fail with the validation exit code.
        #expect(throws: (any Error).self) {
            do { _ = try Edge.parseAsRoot(arguments) } catch {
                #expect(Edge.exitCode(for: error) == .validationFailure, "\(arguments): \(error)")
                throw error
            }
        }
    }

    @Test("a command's one-line error maps to exit 1 with the message as is")
    func commandErrorMapping() {
        let error = CommandError("models/x.safetensors: truncated: tensor 'fc1.weight' ends after the file")
        #expect(Edge.exitCode(for: error) == .failure)
        #expect(Edge.message(for: error) == error.description)
        #expect(Edge.exitCode(for: ValidationError("--frames must be at least 1")) == .validationFailure)
    }
}
