import EdgeGraph
import EdgeIO
import EdgeModelIO
import EdgeRuntime
import Foundation
import Testing

@testable import EdgeDeployment

private let root = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/")

@Suite("edge freeze: the committed frozen model")
struct FrozenExportTests {
    static let source = root + "/models/baseline_cnn.safetensors"
    static let committed = root + "/models/edge_model.onnx"

    @Test("models/edge_model.onnx is exactly what freezing models/baseline_cnn.safetensors gives today")
    func committedIsCurrent() throws {
        // Relative source path, as `edge freeze` run from the package root records it.
        let export = try FrozenExport(sourcePath: Self.source)
        let onDisk = try FileSystem.read(Self.committed)
        #expect(
            export.bytes == onDisk,
            "models/edge_model.onnx is stale: run `swift run -c release edge freeze --force` and commit it")
        #expect(try FrozenExport(sourcePath: Self.source).bytes == export.bytes, "freezing is not deterministic")
    }

    @Test("the frozen file: opset 17, input [1,1,28,28], output logits [1,10], BN folded, source SHA recorded")
    func contents() throws {
        let bytes = try FileSystem.read(Self.committed)
        let graph = try ONNXReader.graph(bytes: bytes, path: Self.committed)
        #expect(graph.inputs.map(\.name) == ["input"] && graph.inputs[0].type.shape == [1, 1, 28, 28])
        #expect(graph.outputs == ["logits"])
        #expect(try graph.inferTypes()["logits"]?.shape == [1, 10])
        #expect(!graph.nodes.contains { $0.op == .batchNormalization })
        #expect(
            graph.nodes.map(\.op.rawValue) == [
                "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Gemm",
            ])
        let metadata = Dictionary(
            uniqueKeysWithValues: try ONNXReader.metadata(bytes: bytes, path: Self.committed).map { ($0.key, $0.value) }
        )
        #expect(metadata["edge.source_sha256"] == (try SHA256.hex(contentsOf: Self.source)))
        #expect(metadata["edge.source"] == "baseline_cnn.safetensors")
        #expect(metadata["edge.folded_batch_norms"] == "bn1->conv1,bn2->conv2")
        // The source carries no edge.preprocess; a 1×28×28 model gets digit mode written.
        #expect(
            metadata["edge.preprocess"]
                == #"{"mode":"digit","size":[28,28],"channels":"gray","mean":[0.1307],"std":[0.3081],"resize":"area"}"#)
        #expect(metadata["edge.classes"] == nil)
    }

    @Test("the frozen file read back equals the source model run eagerly (100 seeded inputs)")
    func verify() throws {
        let check = try FrozenExport(sourcePath: Self.source).verify()
        #expect(check.maxError < 1e-5 && check.top1Disagreements == 0)
    }

    @Test("a source that is not a model is refused in one line naming it")
    func badSource() {
        var message = ""
        do { _ = try FrozenExport(sourcePath: "/nonexistent/m.safetensors") } catch { message = "\(error)" }
        #expect(message == "/nonexistent/m.safetensors: cannot open: No such file or directory")
    }
}
