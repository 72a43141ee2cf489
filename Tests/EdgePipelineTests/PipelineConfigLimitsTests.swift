import Foundation
import Testing
@testable import EdgePipeline

@Suite struct PipelineConfigLimitsTests {
    private func error(_ yaml: String) -> PipelineConfigError? {
        do { _ = try PipelineConfig.parse(yaml: yaml, file: "p.yaml"); return nil } catch { return error }
    }

    private let minimal = "source: {type: folder, path: samples/digits}\n"

    @Test func shippedPipelinesAreFarBelowTheLimits() throws {
        for name in ["faulty-sensor", "paced-latency", "replay-samples", "synthetic-camera", "throughput"] {
            let text = try String(contentsOfFile: Repo.root + "/pipelines/\(name).yaml", encoding: .utf8)
            let scan = YAMLTextScan(text)
            #expect(scan.depth <= 4 && scan.aliases == 0, "\(name): \(scan)")
            _ = try PipelineConfig.parse(yaml: text, file: name)
        }
    }

    @Test func oversizedTextIsRefusedBeforeParsing() {
        let padding = String(repeating: "# padding\n", count: PipelineConfig.maximumYAMLBytes / 10 + 1)
        #expect(error(minimal + padding) == PipelineConfigError(
            file: "p.yaml", keyPath: "",
            problem: "the file is \(minimal.utf8.count + padding.utf8.count) bytes; pipeline files are limited to 1048576 bytes (1 MiB)"))
        let justFits = String(repeating: "#", count: PipelineConfig.maximumYAMLBytes - minimal.utf8.count - 1) + "\n"
        #expect(error(minimal + justFits) == nil)
    }

    @Test func oversizedFileIsRefusedBeforeDecoding() throws {
        let path = NSTemporaryDirectory() + "edgeloop-limits-\(getpid()).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(count: PipelineConfig.maximumYAMLBytes + 1).write(to: URL(fileURLWithPath: path))
        #expect(throws: PipelineConfigError(
            file: path, keyPath: "", problem: "the file is 1048577 bytes; pipeline files are limited to 1048576 bytes (1 MiB)")) {
            try PipelineConfig.load(contentsOf: path)
        }
    }

    @Test func deepFlowNestingIsRefusedWithItsLine() {
        let deep = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        // 64 brackets under the top-level key are 65 levels.
        #expect(error(minimal + "name:\n  - 1\nlimits: " + deep + "\n") == PipelineConfigError(
            file: "p.yaml", keyPath: "", line: 4, problem: "nested deeper than 64 levels"))
        let fits = String(repeating: "{a: ", count: 63) + "1" + String(repeating: "}", count: 63)
        #expect(YAMLTextScan("x: " + fits).depth == 64)
        #expect(error(String(repeating: "[", count: 100_000))?.problem == "nested deeper than 64 levels")
    }

    @Test func deepBlockNestingIsRefused() {
        var lines = ""
        for level in 0..<70 { lines += String(repeating: " ", count: level) + "k\(level):\n" }
        #expect(error(lines) == PipelineConfigError(file: "p.yaml", keyPath: "", line: 65, problem: "nested deeper than 64 levels"))
        // Compact sequences nest on one line (the scalar's entry counts too: 80 levels read as 81).
        #expect(YAMLTextScan(String(repeating: "- ", count: 80) + "x").depth == 81)
        #expect(YAMLTextScan("a:\n  - b: 1\n    c: [2, {d: 3}]\n").depth == 5)
    }

    @Test func bracketsInStringsCommentsAndBlockScalarsDoNotNest() {
        let brackets = String(repeating: "[", count: 100)
        let text = """
            name: "\(brackets)"
            source:  # \(brackets)
              type: folder
              path: '\(brackets) it''s'
            limits:
              frames: |
                \(brackets)
                 'unclosed
            queues: {inference: {capacity: 2}}
            """
        #expect(YAMLTextScan(text).depth == 3)
    }

    @Test func aliasesOverTheLimitAreRefused() {
        var text = minimal + "defaults: &q {capacity: 4}\nx:\n"
        for k in 0..<PipelineConfig.maximumYAMLAliases { text += "  - *q\(k)\n" }
        #expect(YAMLTextScan(text).aliases == PipelineConfig.maximumYAMLAliases)
        text += "  - *q\n"
        #expect(error(text) == PipelineConfigError(
            file: "p.yaml", keyPath: "", line: 20,
            problem: "more than 16 aliases (*name); an alias can expand the document, so pipeline files may use at most 16"))
    }

    @Test func aliasesAreStillAllowed() throws {
        let config = try PipelineConfig.parse(yaml: minimal + """
            queues:
              preprocess: &q {capacity: 4, policy: dropOldest}
              inference: *q
            """, file: "p.yaml")
        #expect(config.queues.inference == QueueConfig(capacity: 4, policy: .dropOldest))
    }

    /// The bomb the alias limit exists for: aliases used as mapping keys make Yams hash the
    /// expanded tree (10^9 nodes here) while checking for duplicate keys.
    @Test func aliasBombFailsFast() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "? *a9\n: 1\n"
        let start = ContinuousClock.now
        #expect(error(text)?.problem.hasPrefix("more than 16 aliases") == true)
        #expect(ContinuousClock.now - start < .seconds(1))
    }
}
