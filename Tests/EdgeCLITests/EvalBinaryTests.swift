import EdgeImaging
import Foundation
import Testing

@testable import EdgeCLI

/// `edge eval --json` as the binary, on the full 1000-digit test split and the committed model
/// (about 4 s in a debug build).
@Suite("edge eval (binary)")
struct EvalBinaryTests {
    @Test("--json --predictions on samples/mnist: >= 98% of 1000, 100 per confusion row, consistent figures")
    func committedModel() throws {
        let result = try EdgeProcess.run(["eval", "--json", "--predictions"])
        #expect(result.status == 0 && !result.signaled, "\(result)")
        #expect(result.stderr.isEmpty, "stdout alone carries --json; no progress on a non-terminal")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")

        #expect(object["variant"] as? String == "eager")
        #expect(object["model"] as? String == "models/baseline_cnn.safetensors")
        #expect(object["total"] as? Int == 1000)
        let accuracy = try #require(object["accuracy"] as? Double)
        #expect(accuracy >= 0.98)
        let correct = try #require(object["correct"] as? Int)
        #expect(abs(accuracy - Double(correct) / 1000) < 1e-12)

        let confusion = try #require(object["confusion"] as? [[Int]])
        #expect(confusion.count == 10 && confusion.allSatisfy { $0.count == 10 })
        #expect(
            confusion.map { $0.reduce(0, +) } == Array(repeating: 100, count: 10), "the test split holds 100 per class")
        #expect((0..<10).map { confusion[$0][$0] }.reduce(0, +) == correct)
        let perClass = try #require(object["per_class"] as? [Double])
        #expect(perClass == (0..<10).map { Double(confusion[$0][$0]) / 100 })

        // The predictions, in split order, rebuild the confusion matrix from the IDX labels.
        let predictions = try #require(object["predictions"] as? [Int])
        let labels = try MNISTDataset.load(directory: Repository.root + "/samples/mnist", split: .test).labels
        #expect(predictions.count == 1000)
        var rebuilt = [[Int]](repeating: [Int](repeating: 0, count: 10), count: 10)
        for (label, prediction) in zip(labels, predictions) { rebuilt[Int(label)][prediction] += 1 }
        #expect(rebuilt == confusion)
    }

    @Test("the text table states accuracy and count")
    func table() throws {
        let folder = try TemporaryFolder(prefix: "edge-eval-bin")
        defer { folder.remove() }
        // Ten digits, one per class, from the PNG samples.
        let all = try #require(try LabelsFile.load(directory: Repository.digits)).entries
        var csv = "file,label\n"
        for label in 0..<10 {
            let file = try #require(all.first { $0.label == label }?.file)
            try FileManager.default.copyItem(atPath: Repository.digits + "/" + file, toPath: folder.file(file))
            csv += "\(file),\(label)\n"
        }
        try csv.write(toFile: folder.file("labels.csv"), atomically: true, encoding: .utf8)
        let json = try EdgeProcess.run(["eval", "--json", "--data", folder.path])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json)")
        let correct = try #require(object["correct"] as? Int)
        #expect(object["total"] as? Int == 10)
        #expect(object["predictions"] == nil)

        let text = try EdgeProcess.run(["eval", "--data", folder.path])
        #expect(text.status == 0, "\(text)")
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "eager · models/baseline_cnn.safetensors · \(folder.path)")
        #expect(lines.dropFirst().first == "accuracy \(String(format: "%.1f%%", Double(correct) * 10)) (\(correct)/10)")
    }
}
