import Foundation
import Testing

/// `edge freeze` as a user runs it: writes a file that `--variant frozen --model` then runs,
/// refuses to replace a file without `--force`, and reports in JSON.
@Suite("edge freeze")
struct FreezeCommandTests {
    @Test("freezes a model, refuses to overwrite without --force, and the result classifies like eager")
    func freeze() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/freeze-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/frozen.onnx"
        let first = try EdgeProcess.run(["freeze", "--model", Repository.model, "--out", out, "--json"])
        #expect(first.status == 0, "\(first)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(object["opset"] as? Int == 17)
        #expect(object["nodes_before"] as? Int == 12 && object["nodes_after"] as? Int == 10)
        #expect((object["folded_batch_norms"] as? [[String: String]])?.map { $0["into"] } == ["conv1", "conv2"])
        #expect((object["max_error"] as? Double ?? 1) < 1e-5)
        #expect(object["bytes"] as? Int == (try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int))

        let again = try EdgeProcess.run(["freeze", "--model", Repository.model, "--out", out])
        #expect(again.status == 1 && again.stderrLines.count == 1, "\(again)")
        #expect(again.stderr.contains("--force"), "\(again)")
        let forced = try EdgeProcess.run(["freeze", "--model", Repository.model, "--out", out, "--force"])
        #expect(forced.status == 0 && forced.stdout.contains("BatchNorm folded: bn1 into conv1, bn2 into conv2"))

        let frozen = try EdgeProcess.run(["eval", "--variant", "frozen", "--model", out, "--json"])
        let eager = try EdgeProcess.run(["eval", "--variant", "eager", "--model", Repository.model, "--json"])
        let accuracy = { (r: EdgeProcess.Result) in
            ((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) as? [String: Any])?["accuracy"] as? Double
        }
        #expect(frozen.status == 0 && accuracy(frozen) != nil && accuracy(frozen) == accuracy(eager), "\(frozen)")
    }

    @Test("a missing source is one line naming it, and nothing is written")
    func missingSource() throws {
        let out = FileManager.default.temporaryDirectory.path + "/freeze-missing-\(getpid()).onnx"
        let result = try EdgeProcess.run(["freeze", "--model", "/nonexistent/m.safetensors", "--out", out])
        #expect(result.status == 1)
        #expect(result.stderrLines == ["Error: /nonexistent/m.safetensors: cannot open: No such file or directory"])
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
