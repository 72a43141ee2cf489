import EdgeImaging
import Foundation
import Testing

@testable import EdgeCLI

/// `edge run` as the binary: the report and log a script reads, and a clean stop on a signal.
/// Pipelines are written with absolute paths into a temporary folder, so logs land there.
@Suite("edge run (binary)")
struct RunCommandTests {
    static let model = Repository.root + "/models/baseline_cnn.safetensors"

    static func jsonObject(_ data: Data?) throws -> [String: Any] {
        let bytes = try #require(data)
        return try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
    }

    /// The per-frame JSON Lines log, one object per line.
    static func logRecords(_ folder: TemporaryFolder) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: folder.file("logs/edge_log.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try jsonObject(Data($0.utf8)) }
    }

    @Test("replaying 60 sample digits: exit 0, a schema-1 report that balances, a log in frame order")
    func replay() throws {
        let folder = try TemporaryFolder(prefix: "edge-run")
        defer { folder.remove() }
        try """
        name: replay-test
        source:
          type: folder
          path: \(Repository.digits)
          order: labels
          loop: 1
          rate: max
        inference:
          variant: eager
          model: \(Self.model)
          workers: 1
        sink:
          log: \(folder.file("logs"))
          warmup_frames: 5

        """.write(toFile: folder.file("replay.yaml"), atomically: true, encoding: .utf8)
        let result = try EdgeProcess.run(
            ["run", "replay.yaml", "--frames", "60", "--report", "report.json"], in: folder.path)
        #expect(result.status == 0 && !result.signaled, "\(result)")
        #expect(result.stdout.contains("produced 60 = predicted 60 + failed 0 + dropped 0"), "\(result)")
        #expect(
            result.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("WARNING: ") || $0.hasPrefix("note: ") },
            "stderr holds only warnings and notes: \(result.stderr)")

        let report = try Self.jsonObject(FileManager.default.contents(atPath: folder.file("report.json")))
        #expect(report["schema_version"] as? Int == 1)
        #expect(report["pipeline"] as? String == "replay-test")
        #expect(report["variant"] as? String == "eager")
        #expect(report["build"] as? String == "debug" || report["build"] as? String == "release")
        #expect(report["warmup_frames"] as? Int == 5)
        let produced = try #require(report["produced"] as? Int)
        let predicted = try #require(report["predicted"] as? Int)
        #expect(produced == 60 && predicted == 60)
        #expect(produced == predicted + (report["failed"] as? Int ?? -1) + (report["dropped"] as? Int ?? -1))
        let stages = try #require(report["stages"] as? [String: Any])
        #expect(Set(stages.keys).isSuperset(of: ["source", "preprocess", "inference", "sink"]))
        let endToEnd = try #require(report["end_to_end"] as? [String: Any])
        for key in ["mean_us", "min_us", "p50_us", "p90_us", "p99_us", "p999_us", "max_us"] {
            #expect(endToEnd[key] is Double || endToEnd[key] is Int, "end_to_end.\(key)")
        }

        // The log: one record per frame, in frame-id order, the first 60 rows of labels.csv.
        let records = try Self.logRecords(folder)
        #expect(records.map { $0["frame"] as? Int } == Array(0..<60))
        let entries = try #require(try LabelsFile.load(directory: Repository.digits)).entries.prefix(60)
        #expect(records.map { $0["source"] as? String } == entries.map(\.file))
        #expect(records.map { $0["label"] as? Int } == entries.map(\.label))
        let correct = records.filter { $0["prediction"] as? Int == $0["label"] as? Int }.count
        let accuracy = try #require(report["accuracy"] as? Double)
        #expect(abs(accuracy - Double(correct) / 60) < 1e-9)
    }

    @Test(
        "an endless real-time camera stops cleanly on SIGINT or SIGTERM: exit 0, summary, report",
        arguments: [SIGINT, SIGTERM])
    func stopOnSignal(signal: Int32) throws {
        let folder = try TemporaryFolder(prefix: "edge-run")
        defer { folder.remove() }
        try """
        name: camera-test
        source:
          type: synthetic-camera
          seed: 42
          width: 96
          height: 96
          color: gray
          digits: \(Repository.root)/samples/mnist
          rate: 30
          clock: real
        inference:
          variant: eager
          model: \(Self.model)
          workers: 1
        sink:
          log: \(folder.file("logs"))
          warmup_frames: 3

        """.write(toFile: folder.file("camera.yaml"), atomically: true, encoding: .utf8)
        // Once the pipeline has opened its log, it has installed its handlers; let frames flow for
        // 1.5 s. --seconds only bounds the test if the signal were ignored.
        let log = folder.file("logs/edge_log.jsonl")
        let result = try EdgeProcess.run(
            ["run", "camera.yaml", "--report", "report.json", "--seconds", "30"], in: folder.path,
            interrupt: Interrupt(signal: signal, delay: 1.5) { FileManager.default.fileExists(atPath: log) })
        #expect(!result.signaled && result.status == 0, "\(result)")
        #expect(result.stdout.contains("stopped by signal"), "\(result)")
        #expect(result.stdout.contains("[accounting ok]"), "\(result)")
        let report = try Self.jsonObject(FileManager.default.contents(atPath: folder.file("report.json")))
        let produced = try #require(report["produced"] as? Int)
        #expect(produced > 0)
        #expect(
            produced == (report["predicted"] as? Int ?? -1) + (report["failed"] as? Int ?? -1)
                + (report["dropped"] as? Int ?? -1))
        let records = try Self.logRecords(folder)
        #expect(records.count == produced)
        #expect(records.map { $0["frame"] as? Int } == Array(0..<produced))
        let text = try String(contentsOfFile: folder.file("logs/edge_log.txt"), encoding: .utf8).split(separator: "\n")
        #expect(text.count == produced, "the human log is flushed too")
        #expect(!result.stderr.contains("\r"), "stderr is a file here, not a terminal: no progress line")
    }

    @Test("a config error is one line naming the file, the line and the key")
    func configError() throws {
        let folder = try TemporaryFolder(prefix: "edge-run")
        defer { folder.remove() }
        let yaml = folder.file("bad.yaml")
        try "source: {type: folder, path: samples/digits}\ninference: {workers: 0}\n".write(
            toFile: yaml, atomically: true, encoding: .utf8)
        let result = try EdgeProcess.run(["run", yaml, "--model", Self.model])
        CLIExitCodeTests.expectDataError(
            result, file: yaml + ":2", problem: "inference.workers: 0 is out of range 1...64")
    }
}
