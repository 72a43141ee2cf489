import EdgeDeployment
import EdgeKernels
import Foundation
import Testing

@testable import EdgeCLI

/// Messages that must say what is true: version, negative numbers, ignored EDGE_KERNELS,
/// honest n/a lines, and JSON for the commands that print figures.
@Suite("honest messages (binary)")
struct MessagesTests {
    @Test("--version names the release, the kernel path and libpng")
    func version() throws {
        let result = try EdgeProcess.run(["--version"])
        #expect(result.status == 0, "\(result)")
        #expect(
            result.stdout.hasPrefix("edge \(EdgeVersion.release) (kernels \(KernelPath.current), libpng "), "\(result)")
    }

    @Test(
        "a negative number is refused with its own message, not 'Missing value'",
        arguments: [
            (["run", "p.yaml", "--frames", "-5"], "--frames must be at least 1"),
            (["synth", "--frames", "-5", "--out", "/tmp/never"], "--frames must be at least 1"),
            (["infer", "x.png", "--repeats", "-1"], "--repeats must be 1...1000000 (got -1)"),
        ])
    func negativeNumbers(arguments: [String], message: String) throws {
        let result = try EdgeProcess.run(arguments)
        #expect(result.status == 64, "\(result)")
        #expect(result.stderrLines.first == "Error: " + message, "\(result)")
    }

    @Test("EDGE_KERNELS naming an unknown path prints one warning naming the value and the path used")
    func unknownKernelPath() throws {
        let result = try EdgeProcess.run(
            ["image", "info", CLIExitCodeTests.sample], environment: ["EDGE_KERNELS": "bogus"])
        #expect(result.status == 0, "\(result)")
        #expect(
            result.stderrLines == [
                "warning: EDGE_KERNELS=bogus is not one of portable, avx2, avx512; using \(KernelPath.best)"
            ], "\(result)")
        let valid = try EdgeProcess.run(
            ["image", "info", CLIExitCodeTests.sample], environment: ["EDGE_KERNELS": "portable"])
        #expect(valid.stderr.isEmpty, "\(valid)")
    }

    @Test("edge run --json prints the report on stdout; all-warm-up runs and unpredicted labels say n/a honestly")
    func runJSONAndNotApplicable() throws {
        let folder = try TemporaryFolder(prefix: "edge-msg")
        defer { folder.remove() }
        try """
        name: tiny
        source: {type: folder, path: \(Repository.digits), order: labels}
        sink: {log: \(folder.file("logs")), warmup_frames: 20}

        """.write(toFile: folder.file("p.yaml"), atomically: true, encoding: .utf8)
        let json = try EdgeProcess.run(["run", folder.file("p.yaml"), "--frames", "5", "--json"])
        #expect(json.status == 0, "\(json)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json)")
        #expect(report["schema_version"] as? Int == 1 && report["produced"] as? Int == 5)

        let text = try EdgeProcess.run(["run", folder.file("p.yaml"), "--frames", "5"])
        #expect(text.stdout.contains("throughput: n/a (all 5 frame(s) were warm-up; warmup_frames is 20)"), "\(text)")

        // Every labelled frame fails (a model that overflows): not "no labels".
        let model = folder.file("overflow.safetensors")
        try HardeningTests.overflowingWeights().write(to: model)
        let failed = try EdgeProcess.run(["run", folder.file("p.yaml"), "--frames", "3", "--model", model])
        #expect(
            failed.stdout.contains("accuracy: n/a (3 frame(s) had labels, but none of them was predicted)"), "\(failed)"
        )
    }

    @Test("edge synth --json lists what it wrote")
    func synthJSON() throws {
        let folder = try TemporaryFolder(prefix: "edge-msg")
        defer { folder.remove() }
        let result = try EdgeProcess.run([
            "synth", "--frames", "2", "--out", folder.file("cam"), "--seed", "3", "--json",
        ])
        #expect(result.status == 0, "\(result)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        #expect(object["frames"] as? Int == 2 && object["seed"] as? Int == 3 && object["color"] as? String == "gray")
        let files = try #require(object["files"] as? [String])
        #expect(
            files.count == 2 && files.allSatisfy { FileManager.default.fileExists(atPath: folder.file("cam/" + $0)) })
    }
}
