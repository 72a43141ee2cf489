import ArgumentParser
import EdgeGraph
import EdgeImaging
import EdgeModelIO
import EdgeRuntime
import EdgeTensor
import EdgeTraining
import Foundation
import Testing

@testable import EdgeCLI

/// `edge train`: option validation, data errors, and one real (tiny) training run. A full run
/// is a release-build command (README); here one epoch on 80 digits takes about a second.
@Suite("edge train")
struct TrainCommandTests {
    /// Writes an IDX folder with `perClass` training and `testPerClass` test digits per class,
    /// drawn from samples/mnist (the splits are sorted by label, so take each class's first ones).
    static func makeTinyData(in folder: String, perClass: Int = 8, testPerClass: Int = 2) throws {
        let source = Repository.root + "/samples/mnist"
        for (split, count) in [(MNISTDataset.Split.train, perClass), (.test, testPerClass)] {
            let data = try MNISTDataset.load(directory: source, split: split)
            let indices = data.indicesByClass().flatMap { $0.prefix(count) }
            try writeIDX(
                in: folder, split: split,
                pixels: indices.flatMap { data.image(at: $0).pixels }, labels: indices.map { data.labels[$0] })
        }
    }

    static func writeIDX(in folder: String, split: MNISTDataset.Split, pixels: [UInt8], labels: [UInt8]) throws {
        let images = IDXFile(dimensions: [labels.count, 28, 28], data: pixels)
        try Data(images.serialized()).write(to: URL(fileURLWithPath: "\(folder)/\(split.rawValue)-images-idx3-ubyte"))
        let labelFile = IDXFile(dimensions: [labels.count], data: labels)
        try Data(labelFile.serialized()).write(
            to: URL(fileURLWithPath: "\(folder)/\(split.rawValue)-labels-idx1-ubyte"))
    }

    @Test("defaults are the settings behind models/baseline_cnn.safetensors")
    func defaults() throws {
        let command = try TrainCommand.parse([])
        #expect(command.data == "samples/mnist")
        #expect(command.out == "models/baseline_cnn.safetensors")
        let configuration = command.makeConfiguration()
        let reference = TrainingConfiguration()
        #expect(configuration.epochs == 15 && reference.epochs == 15)
        #expect(configuration.batchSize == 64 && configuration.seed == 1)
        #expect(configuration.maxLearningRate == 3e-3)
        #expect(configuration.weightDecay == reference.weightDecay && configuration.maxShift == reference.maxShift)

        let custom = try TrainCommand.parse([
            "--epochs", "3", "--seed", "7", "--batch-size", "32", "--learning-rate", "0.01",
        ])
        .makeConfiguration()
        #expect(custom.epochs == 3 && custom.seed == 7 && custom.batchSize == 32 && custom.maxLearningRate == 0.01)
    }

    static let invalid: [(arguments: [String], message: String)] = [
        (["--batch-size", "1"], "batch size must be at least 2 for BatchNorm (got 1)"),
        (["--epochs", "0"], "epochs must be at least 1 (got 0)"),
        (["--epochs=-3"], "epochs must be at least 1 (got -3)"),
        (["--learning-rate", "0"], "learning rate must be positive (got 0.0)"),
        (["--learning-rate", "nan"], "learning rate must be positive (got nan)"),
        (["--batch-size", "9223372036854775807"], "batch size must be at most 65536 (got 9223372036854775807)"),
    ]

    @Test("invalid settings are usage errors (64) with the reason, before any data is read", arguments: 0..<6)
    func validation(index: Int) throws {
        let (arguments, message) = Self.invalid[index]
        do {
            _ = try Edge.parseAsRoot(["train"] + arguments)
            Issue.record("\(arguments) was accepted")
        } catch {
            #expect(Edge.exitCode(for: error) == .validationFailure)
            #expect(Edge.message(for: error) == message)
        }
    }

    @Test("the binary: --batch-size 1 and --epochs 0 exit 64 naming the problem")
    func validationBinary() throws {
        for (arguments, message) in Self.invalid.prefix(2) {
            // --data points nowhere: validation must fail first.
            let result = try EdgeProcess.run(["train", "--data", "/nonexistent"] + arguments)
            #expect(!result.signaled && result.status == 64, "\(result)")
            #expect(result.stderrLines.first == "Error: " + message, "\(result)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("missing or unusable data exits 1 with one line naming the IDX file")
    func badData() throws {
        let folder = try TemporaryFolder(prefix: "edge-train")
        defer { folder.remove() }
        let out = folder.file("never.safetensors")
        let missing = try EdgeProcess.run(["train", "--data", folder.path, "--epochs", "1", "--out", out])
        CLIExitCodeTests.expectDataError(
            missing, file: folder.file("train-images-idx3-ubyte"), problem: "cannot read IDX file")

        // Too few images to train (BatchNorm needs two) or to test on: an error, not a crash.
        let digit = [UInt8](repeating: 0, count: 784)
        try Self.writeIDX(in: folder.path, split: .test, pixels: digit, labels: [3])
        for count in [0, 1] {
            try Self.writeIDX(
                in: folder.path, split: .train, pixels: Array(repeating: 0, count: 784 * count),
                labels: Array(repeating: 1, count: count))
            let result = try EdgeProcess.run(["train", "--data", folder.path, "--epochs", "1", "--out", out])
            CLIExitCodeTests.expectDataError(
                result, file: folder.file("train-images-idx3-ubyte"),
                problem: "\(count) images; training needs at least 2")
        }
        try Self.writeIDX(in: folder.path, split: .train, pixels: digit + digit, labels: [1, 2])
        try Self.writeIDX(in: folder.path, split: .test, pixels: [], labels: [])
        let noTest = try EdgeProcess.run(["train", "--data", folder.path, "--epochs", "1", "--out", out])
        CLIExitCodeTests.expectDataError(noTest, file: folder.file("test-images-idx3-ubyte"), problem: "no images")

        // Labels that do not match the images.
        try Self.writeIDX(in: folder.path, split: .train, pixels: digit + digit, labels: [1, 12])
        let badLabel = try EdgeProcess.run(["train", "--data", folder.path, "--epochs", "1", "--out", out])
        CLIExitCodeTests.expectDataError(badLabel, file: folder.file("train-labels-idx1-ubyte"), problem: "")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("a learning rate that makes training diverge is one line, and no NaN model is written")
    func divergence() throws {
        let folder = try TemporaryFolder(prefix: "edge-train")
        defer { folder.remove() }
        try Self.makeTinyData(in: folder.path)
        let out = folder.file("nan.safetensors")
        let result = try EdgeProcess.run([
            "train", "--data", folder.path, "--epochs", "1", "--batch-size", "16",
            "--learning-rate", "1e30", "--out", out, "--json",
        ])
        #expect(result.status == 1 && !result.signaled, "\(result)")
        #expect(
            result.stderrLines.count == 1
                && result.stderrLines[0].hasPrefix("Error: training diverged at epoch 1, batch "), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("one epoch on 80 digits: JSON report, a loadable DigitCNN, the same bytes for the same seed")
    func tinyRun() throws {
        let folder = try TemporaryFolder(prefix: "edge-train")
        defer { folder.remove() }
        try Self.makeTinyData(in: folder.path)
        let out = folder.file("new \"models\"/digit.safetensors")  // created folder; JSON must escape the quotes
        let result = try EdgeProcess.run([
            "train", "--data", folder.path, "--epochs", "1", "--batch-size", "16",
            "--seed", "5", "--out", out, "--json",
        ])
        #expect(result.status == 0 && !result.signaled, "\(result)")
        #expect(result.stderr.isEmpty, "no progress on a non-terminal: \(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        #expect(object["out"] as? String == out)
        #expect(object["seed"] as? Int == 5)
        #expect(object["epochs"] as? Int == 1)
        #expect(object["test_total"] as? Int == 20)
        let history = try #require(object["history"] as? [[String: Any]])
        #expect(history.count == 1 && history.first?["epoch"] as? Int == 1)
        #expect((history.first?["loss"] as? Double).map { $0.isFinite && $0 > 0 } == true)
        #expect((history.first?["train_accuracy"] as? Double).map { (0...1).contains($0) } == true)

        // The file is DigitCNN, and its test accuracy is what the report says.
        let graph = try ModelFile.loadGraph(contentsOf: out)
        let metadata = try SafetensorsFile(contentsOf: out).metadata
        #expect(metadata["format"] == "pt" && metadata["edge.preprocess"]?.contains(#""mode":"digit""#) == true)
        #expect(try graph.cost().parameters == 270_778)
        let engine = try EagerModel(graph: graph).makeContext()
        let test = try MNISTDataset.load(directory: folder.path, split: .test)
        var correct = 0
        for index in 0..<test.count {
            let input = Tensor<Float>(
                shape: [1, 1, 28, 28],
                scalars: test.image(at: index).pixels.map { (Float($0) / 255 - 0.1307) / 0.3081 })
            if try engine.predict(input).label == Int(test.labels[index]) { correct += 1 }
        }
        let reported = try #require(object["test_accuracy"] as? Double)
        #expect(abs(reported - Double(correct) / 20) <= 0.05 + 1e-9, "reported \(reported), eager engine \(correct)/20")

        // Deterministic: the same seed and settings write the same bytes (text mode this time).
        let again = folder.file("again.safetensors")
        let text = try EdgeProcess.run([
            "train", "--data", folder.path, "--epochs", "1", "--batch-size", "16",
            "--seed", "5", "--out", again,
        ])
        #expect(text.status == 0, "\(text)")
        let lines = text.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines.first?.hasPrefix("epoch  1  loss ") == true, "\(text)")
        #expect(
            lines.last?.hasPrefix("test accuracy ") == true && lines.last?.hasSuffix("seed 5, wrote \(again)") == true)
        #expect(FileManager.default.contents(atPath: again) == FileManager.default.contents(atPath: out))
    }
}

/// `edge train` writes what the model needs to run into its file.
@Suite("edge train metadata")
struct TrainMetadataTests {
    @Test("the data folder's preprocess.yaml and classes.txt become edge.preprocess and edge.classes")
    func dataDescription() throws {
        let fashion = Repository.root + "/samples/fashion"
        let entries = Dictionary(
            uniqueKeysWithValues: try TrainCommand.dataDescription(fashion).map { ($0.key, $0.value) })
        #expect(
            entries["edge.preprocess"]
                == #"{"mode":"resize","size":[28,28],"channels":"gray","mean":[0.1307],"std":[0.3081],"resize":"area"}"#
        )
        #expect(entries["edge.classes"]?.hasPrefix(#"["T-shirt/top","Trouser","Pullover""#) == true)
        // samples/mnist has neither: digit mode, no names.
        let digits = try TrainCommand.dataDescription(Repository.root + "/samples/mnist")
        #expect(digits.map(\.key) == ["edge.preprocess"] && digits[0].value.contains(#""mode":"digit""#))
    }

    @Test("a preprocess.yaml that is not what training feeds, or a wrong class count, is refused")
    func refused() throws {
        let folder = try TemporaryFolder(prefix: "edge-train-meta")
        defer { folder.remove() }
        try "mode: resize\nsize: [28, 28]\nmean: [0.5]\nstd: [0.5]\n".write(
            toFile: folder.file("preprocess.yaml"), atomically: true, encoding: .utf8)
        var message = ""
        do { _ = try TrainCommand.dataDescription(folder.path) } catch { message = "\(error)" }
        #expect(message.hasPrefix(folder.file("preprocess.yaml") + ": training feeds the raw 28x28 gray pixels"))
        try FileManager.default.removeItem(atPath: folder.file("preprocess.yaml"))
        try "a\nb\n".write(toFile: folder.file("classes.txt"), atomically: true, encoding: .utf8)
        do { _ = try TrainCommand.dataDescription(folder.path) } catch { message = "\(error)" }
        #expect(message == folder.file("classes.txt") + ": 2 class names; DigitCNN has 10 classes")
    }
}
