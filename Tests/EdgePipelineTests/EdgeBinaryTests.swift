import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `edge` binary: signal handling and config errors as a user sees them.
@Suite struct EdgeBinaryTests {
    /// The `edge` executable next to this test bundle (same build folder).
    static let binary: String? = {
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        let candidates = [bundleDir + "/edge", Repo.root + "/.build/debug/edge"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let model = Repo.root + "/Tests/EdgeModelIOTests/Fixtures/digitcnn_torch.safetensors"

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts `edge` with `arguments` in the repository root; `whileRunning` gets the process.
    static func run(_ arguments: [String], timeout: Double = 60,
                    whileRunning: (Process) async -> Void = { _ in }) async throws -> Outcome {
        let binary = try #require(Self.binary, "build the edge binary first (swift build)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: Repo.root)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        await whileRunning(process)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            process.terminate()
            Issue.record("edge did not exit within \(timeout) s")
        }
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
                       stderr: String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    @Test func sigintDrainsFlushesTheLogAndPrintsTheSummary() async throws {
        let dir = makeTempDirectory("sigint")
        defer { removeTempDirectory(dir) }
        let yaml = dir + "/endless.yaml"
        try """
            name: endless
            source: {type: folder, path: samples/digits, loop: 100, rate: 200}
            queues:
              preprocess: {capacity: 4, policy: block}
              inference: {capacity: 4, policy: block}
            sink: {log: \(dir)/logs, warmup_frames: 0, log_batch: 4}
            """.write(toFile: yaml, atomically: true, encoding: .utf8)
        let jsonl = dir + "/logs/edge_log.jsonl"
        let outcome = try await Self.run(["run", yaml, "--model", Self.model]) { process in
            // Signal once frames are flowing (the log has its first batch), or after 10 s.
            let start = Date()
            while Date().timeIntervalSince(start) < 10 {
                if let size = try? FileManager.default.attributesOfItem(atPath: jsonl)[.size] as? Int, size > 0 { break }
                try? await Task.sleep(for: .milliseconds(20))
            }
            kill(process.processIdentifier, SIGINT)
        }
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        #expect(outcome.stdout.contains("stopped by signal"))
        #expect(outcome.stdout.contains("[accounting ok]"))
        // The summary's produced count equals the flushed log's lines, ids 0..<produced in order.
        let producedLine = try #require(outcome.stdout.split(separator: "\n").first { $0.hasPrefix("frames: produced ") })
        let produced = try #require(Int(producedLine.split(separator: " ")[2]))
        #expect(produced > 0 && produced < 100_000)
        let lines = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == produced)
        for (i, line) in lines.enumerated() where i < 3 || i == lines.count - 1 {
            #expect(line.hasPrefix("{\"frame\":\(i),"))
        }
        let text = try String(contentsOfFile: dir + "/logs/edge_log.txt", encoding: .utf8).split(separator: "\n")
        #expect(text.count == produced)
        // stderr is a pipe here, not a terminal: no progress line.
        #expect(!outcome.stderr.contains("\r"))
    }

    @Test func configErrorIsOneLineNamingTheKey() async throws {
        let dir = makeTempDirectory("bad-config")
        defer { removeTempDirectory(dir) }
        let yaml = dir + "/bad.yaml"
        try "source: {type: folder, path: samples/digits}\ninference: {workers: 0}\n".write(toFile: yaml, atomically: true, encoding: .utf8)
        let outcome = try await Self.run(["run", yaml, "--model", Self.model])
        #expect(outcome.status == 1)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("\(yaml):2: inference.workers: 0 is out of range 1...64") == true)
    }

    @Test func synthWritesTheSameBytesForTheSameSeed() async throws {
        let dir = makeTempDirectory("synth-cli")
        defer { removeTempDirectory(dir) }
        for out in ["a", "b"] {
            let o = try await Self.run(["synth", "--frames", "3", "--out", dir + "/" + out, "--seed", "9", "--width", "40", "--height", "32"])
            #expect(o.status == 0, "stderr: \(o.stderr)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir + "/a").sorted()
        #expect(names.count == 4 && names.contains("labels.csv"))
        for name in names {
            #expect(FileManager.default.contentsEqual(atPath: dir + "/a/" + name, andPath: dir + "/b/" + name))
        }
    }
}
