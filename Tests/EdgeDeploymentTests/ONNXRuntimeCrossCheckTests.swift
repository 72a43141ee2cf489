import EdgeIO
import EdgeImaging
import EdgeRuntime
import Foundation
import Testing

@testable import EdgeDeployment

private let root = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/")

/// The pinned onnxruntime venv `.ci/run` makes (`.venv-peers`, scripts/requirements-peers.txt).
/// Under `CI=true` a missing venv fails the tests that need it; elsewhere they are skipped with
/// the reason printed.
enum PeersVenv {
    static let python = root + "/.venv-peers/bin/python"
    static var underCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        return (try? run([python, "-c", "import onnxruntime"]).status) == 0
    }()

    /// Why the tests cannot run, printed when they are skipped.
    static let reason = "\(python) with onnxruntime is missing (make it: .ci/run, or scripts/bench_vs_peers.sh)"

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// onnxruntime's logits for every image of samples/mnist's test split, `[images][classes]`.
    static func logits(model: String) throws -> [[Float]] {
        let out = FileManager.default.temporaryDirectory.path + "/ort-logits-\(getpid())-\(UUID().uuidString).bin"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try run([python, root + "/scripts/ort_logits.py", model, root + "/samples/mnist", out])
        try #require(result.status == 0, "ort_logits.py failed: \(result.output)")
        let classes = try #require(Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        let bytes = try FileSystem.read(out)
        let values = stride(from: 0, to: bytes.count, by: 4).map { i in
            Float(
                bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(
                    bytes[i + 3]) << 24)
        }
        return stride(from: 0, to: values.count, by: classes).map { Array(values[$0..<($0 + classes)]) }
    }
}

@Suite("onnxruntime cross-check of the frozen engine")
struct ONNXRuntimeCrossCheckTests {
    /// Our frozen logits for every test image of samples/mnist through the model file `path`.
    static func frozenLogits(_ path: String) throws -> (logits: [[Float]], labels: [Int]) {
        let model = try Deployment.load(path, variant: .frozen)
        let context = model.compiled.makeContext()
        let data = try MNISTDataset.load(directory: root + "/samples/mnist", split: .test)
        let options = PreprocessOptions()
        var rows: [[Float]] = []
        var y = [Float](repeating: 0, count: model.compiled.signature.classCount)
        for index in 0..<data.count {
            let x = data.pixels[(index * 784)..<((index + 1) * 784)].map {
                (Float($0) / 255 - options.mean) / options.std
            }
            try x.withUnsafeBufferPointer { try context.predict(input: $0, into: &y) }
            rows.append(y)
        }
        return (rows, data.labels.map(Int.init))
    }

    static func top(_ v: [Float]) -> Int { v.indices.max { v[$0] < v[$1] }! }

    static func skipUnlessVenv() -> Bool {
        if PeersVenv.available { return false }
        if PeersVenv.underCI {
            Issue.record("CI=true: \(PeersVenv.reason)")
        } else {
            print("skipped: \(PeersVenv.reason)")
        }
        return true
    }

    @Test("models/edge_model.onnx: our frozen logits equal onnxruntime's on all 1000 test digits")
    func committedModel() throws {
        if Self.skipUnlessVenv() { return }
        let path = root + "/models/edge_model.onnx"
        let theirs = try PeersVenv.logits(model: path)
        let ours = try Self.frozenLogits(path)
        #expect(theirs.count == 1000 && ours.logits.count == 1000)
        var unequal: [Int] = []
        for (index, (a, b)) in zip(ours.logits, theirs).enumerated() {
            let scale = max(1, b.map(abs).max()!)
            if zip(a, b).map({ abs($0 - $1) }).max()! > 1e-4 * scale || Self.top(a) != Self.top(b) {
                unequal.append(index)
            }
        }
        #expect(unequal.isEmpty, "images where frozen differs from onnxruntime: \(unequal.prefix(20))")
        let accuracy = zip(theirs, ours.labels).filter { Self.top($0) == $1 }.count
        #expect(accuracy >= 980, "onnxruntime's accuracy on our frozen model: \(accuracy)/1000")
    }

    @Test(
        "a DigitCNN exported by torch.onnx.export (view(), shape subgraph) agrees with onnxruntime on ≥ 99.9% through --variant frozen --model"
    )
    func torchExport() throws {
        if Self.skipUnlessVenv() { return }
        let path = root + "/Tests/EdgeDeploymentTests/Fixtures/digitcnn_trained_torch.onnx"
        let theirs = try PeersVenv.logits(model: path)
        let ours = try Self.frozenLogits(path)
        let agree = zip(ours.logits, theirs).filter { Self.top($0) == Self.top($1) }.count
        #expect(agree >= 999, "top-1 agreement with onnxruntime: \(agree)/1000")
        let worst = zip(ours.logits, theirs).map { a, b in
            zip(a, b).map { abs($0 - $1) }.max()! / max(1, b.map(abs).max()!)
        }.max()!
        #expect(worst <= 1e-4, "largest relative logit difference \(worst)")
    }
}
