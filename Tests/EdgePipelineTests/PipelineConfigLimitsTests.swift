import Foundation
import Testing

@testable import EdgePipeline

@Suite struct PipelineConfigLimitsTests {
    private func error(_ yaml: String) -> PipelineConfigError? {
        do {
            _ = try PipelineConfig.parse(yaml: yaml, file: "p.yaml")
            return nil
        } catch { return error }
    }

    private let minimal = "source: {type: folder, path: samples/digits}\n"

    @Test func shippedPipelinesAreFarBelowTheLimits() throws {
        for name in [
            "faulty-sensor", "paced-latency", "replay-fashion", "replay-samples", "synthetic-camera", "throughput",
        ] {
            let text = try String(contentsOfFile: Repo.root + "/pipelines/\(name).yaml", encoding: .utf8)
            let scan = YAMLTextScan(text)
            #expect(scan.depth <= 24 && scan.aliases == 0, "\(name): \(scan)")
            _ = try PipelineConfig.parse(yaml: text, file: name)
        }
    }

    @Test func oversizedTextIsRefusedBeforeParsing() {
        let padding = String(repeating: "# padding\n", count: PipelineConfig.maximumYAMLBytes / 10 + 1)
        #expect(
            error(minimal + padding)
                == PipelineConfigError(
                    file: "p.yaml", keyPath: "",
                    problem:
                        "the file is \(minimal.utf8.count + padding.utf8.count) bytes; pipeline files are limited to 1048576 bytes (1 MiB)"
                ))
        let justFits = String(repeating: "#", count: PipelineConfig.maximumYAMLBytes - minimal.utf8.count - 1) + "\n"
        #expect(error(minimal + justFits) == nil)
    }

    @Test func oversizedFileIsRefusedBeforeDecoding() throws {
        let path = NSTemporaryDirectory() + "edgeloop-limits-\(getpid()).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(count: PipelineConfig.maximumYAMLBytes + 1).write(to: URL(fileURLWithPath: path))
        #expect(
            throws: PipelineConfigError(
                file: path, keyPath: "",
                problem: "1048577 bytes is larger than the 1048576-byte limit for this file")
        ) {
            try PipelineConfig.load(contentsOf: path)
        }
    }

    @Test func deepFlowNestingIsRefusedWithItsLine() {
        let deep = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(
            error(minimal + "name:\n  - 1\nlimits: " + deep + "\n")
                == PipelineConfigError(
                    file: "p.yaml", keyPath: "", line: 4, problem: "nested deeper than 64 levels"))
        #expect(error(String(repeating: "[", count: 100_000))?.problem == "nested deeper than 64 levels")
    }

    /// The bound: 2 × (column + 1) + indicators for the deepest line so far, plus every `[` / `{`.
    @Test func nestingBoundCountsColumnsIndicatorsAndBrackets() {
        #expect(YAMLTextScan("a: 1").depth == 3)
        #expect(YAMLTextScan("a:\n  - b: 1\n    c: [2, {d: 3}]\n").depth == 2 * 5 + 2 + 2)
        #expect(YAMLTextScan(String(repeating: "- ", count: 80) + "x").depth == 82)
        // `key:` then `- item` at the key's column: two collections per column.
        var indentless = ""
        for level in 0..<10 { indentless += String(repeating: " ", count: 2 * level) + "- k\(level):\n" }
        #expect(YAMLTextScan(indentless).depth == 2 * 19 + 2)
        // Byte order marks and every libyaml line break are seen.
        #expect(YAMLTextScan("\u{FEFF}   a: 1").depth == 2 * 7 + 1)
        #expect(YAMLTextScan("a: 1\r        b: 1").depth == 2 * 9 + 1)
        #expect(YAMLTextScan("a: 1\u{2028}        b: 1").depth == 2 * 9 + 1)
    }

    @Test func deepBlockNestingIsRefused() {
        var lines = ""
        for level in 0..<70 { lines += String(repeating: " ", count: level) + "k\(level):\n" }
        // Line 32 is indented 31 columns: 2 × 32 + 1 > 64.
        #expect(
            error(lines)
                == PipelineConfigError(file: "p.yaml", keyPath: "", line: 32, problem: "nested deeper than 64 levels"))
    }

    /// Quotes, comments and block scalars do not hide brackets: a scanner that followed them
    /// could disagree with libyaml. Found by reading the first version of the scan: `'` in a
    /// plain scalar opened a "quote" that hid a 995-deep flow key, whose hash overflowed the
    /// stack (Tests/EdgeFuzzingTests/Corpus/pipeline-yaml/crash-nesting-hidden-by-quote-in-plain-scalar.yaml).
    @Test func bracketsCountWhereverTheyAre() {
        let deep = String(repeating: "[", count: 995) + String(repeating: "]", count: 995)
        #expect(error("name: x 'y\n? " + deep + "\n: 1\n")?.problem == "nested deeper than 64 levels")
        let brackets = String(repeating: "[", count: 70)
        for text in ["name: \"\(brackets)\"", "# \(brackets)", "name: |\n  \(brackets)\n"] {
            #expect(error(minimal + text)?.problem == "nested deeper than 64 levels", "\(text)")
        }
    }

    @Test func aliasesOverTheLimitAreRefused() {
        var text = minimal + "defaults: &q {capacity: 4}\nx:\n"
        for k in 0..<PipelineConfig.maximumYAMLAliases { text += "  - *q\(k)\n" }
        #expect(YAMLTextScan(text).aliases == PipelineConfig.maximumYAMLAliases)
        text += "  - *q\n"
        #expect(
            error(text)
                == PipelineConfigError(
                    file: "p.yaml", keyPath: "", line: 20,
                    problem:
                        "more than 16 aliases (*name); an alias can expand the document, so pipeline files may use at most 16"
                ))
    }

    @Test func aliasesAreStillAllowed() throws {
        let config = try PipelineConfig.parse(
            yaml: minimal + """
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
            text +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        text += "? *a9\n: 1\n"
        let start = ContinuousClock.now
        #expect(error(text)?.problem.hasPrefix("more than 16 aliases") == true)
        #expect(ContinuousClock.now - start < .seconds(1))
    }
}
