import Foundation
import Testing

/// `edge quantize` as a user runs it: writes a QDQ file and its report, refuses to replace a
/// file without `--force`, calibrates on a PNG folder, rejects bad options in one line.
@Suite("edge quantize")
struct QuantizeCommandTests {
    static let floatModel = Repository.root + "/models/edge_model.onnx"

    @Test("quantizes on a few PNGs, writes the report, refuses to overwrite without --force; the file runs eagerly")
    func quantize() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/quantize-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/q.onnx"
        let report = folder + "/report.json"
        let arguments = [
            "quantize", "--model", Self.floatModel, "--calibration", Repository.digits, "--count", "20", "--out", out,
        ]
        let first = try EdgeProcess.run(arguments + ["--json", "--report", report, "--method", "percentile"])
        #expect(first.status == 0, "\(first)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(object["opset"] as? Int == 17 && object["calibration_count"] as? Int == 20)
        #expect(object["bytes"] as? Int == (try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int))
        let written = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        #expect(written["method"] as? String == "percentile")
        let layers = try #require(written["layers"] as? [[String: Any]])
        #expect(Set(layers.compactMap { $0["node"] as? String }) == ["conv1", "conv2", "fc1", "fc2"])
        let sqnr = layers.compactMap { $0["sqnr_db"] as? Double }
        #expect(sqnr.count == 4 && sqnr == sqnr.sorted() && sqnr[0] > 20, "\(sqnr)")

        let again = try EdgeProcess.run(arguments)
        #expect(again.status == 1 && again.stderrLines.count == 1 && again.stderr.contains("--force"), "\(again)")
        let forced = try EdgeProcess.run(arguments + ["--force"])
        #expect(forced.status == 0 && forced.stdout.contains("worst first"), "\(forced)")

        let eval = try EdgeProcess.run(["eval", "--variant", "eager", "--model", out, "--json"])
        let accuracy = ((try? JSONSerialization.jsonObject(with: Data(eval.stdout.utf8))) as? [String: Any])?[
            "accuracy"]
        #expect(eval.status == 0 && (accuracy as? Double ?? 0) >= 0.95, "\(eval)")
    }

    @Test("bad options are usage errors naming the option")
    func badOptions() throws {
        let method = try EdgeProcess.run(["quantize", "--method", "kl"])
        #expect(method.status == 64 && method.stderr.contains("--method: 'kl' is not one of"), "\(method)")
        let count = try EdgeProcess.run(["quantize", "--count", "0"])
        #expect(count.status == 64 && count.stderr.contains("--count must be positive"), "\(count)")
        let missing = try EdgeProcess.run(["quantize", "--calibration", "/nonexistent", "--out", "/tmp/never.onnx"])
        #expect(missing.status == 1 && missing.stderrLines == ["Error: /nonexistent: not a directory"], "\(missing)")
    }
}
