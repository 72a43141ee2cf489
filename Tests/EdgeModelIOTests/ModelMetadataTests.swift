import EdgeGraph
import EdgeIO
import Testing

@testable import EdgeModelIO

private let fixtures = "/" + #filePath.split(separator: "/").dropLast(1).joined(separator: "/") + "/Fixtures"

/// `edge.preprocess` / `edge.classes` go into either format's metadata without touching the model.
@Suite("model file metadata")
struct ModelMetadataTests {
    @Test("ONNX: entries are set in metadata_props (replaced in place, new ones appended); the graph is unchanged")
    func onnx() throws {
        let path = fixtures + "/digitcnn_torch.onnx"
        let bytes = try FileSystem.read(path)
        let before = try ModelMetadata.read(bytes: bytes, path: path)
        let once = try ModelMetadata.setting(
            [("edge.classes", "[\"a\"]"), ("edge.preprocess", "mode: digit")], in: bytes, path: path)
        let twice = try ModelMetadata.setting([("edge.classes", "[\"b\"]")], in: once, path: path)
        let after = try ModelMetadata.read(bytes: twice, path: path)
        #expect(after["edge.classes"] == "[\"b\"]" && after["edge.preprocess"] == "mode: digit")
        #expect(after.count == before.count + 2)
        let keys = try ONNXReader.metadata(bytes: twice, path: path).map(\.key)
        #expect(Array(keys.suffix(2)) == ["edge.classes", "edge.preprocess"])
        let original = try ModelFile.loadGraph(bytes: bytes, path: path)
        let edited = try ModelFile.loadGraph(bytes: twice, path: path)
        #expect(edited.nodes == original.nodes && edited.initializerNames == original.initializerNames)
    }

    @Test("safetensors: entries go into __metadata__ next to format: pt; tensors unchanged")
    func safetensors() throws {
        let path = fixtures + "/digitcnn_torch.safetensors"
        let bytes = try FileSystem.read(path)
        let edited = try ModelMetadata.setting([("edge.classes", "[\"x\",\"y\"]")], in: bytes, path: path)
        let metadata = try ModelMetadata.read(bytes: edited, path: path)
        #expect(metadata["edge.classes"] == "[\"x\",\"y\"]")
        #expect(metadata["format"] == (try ModelMetadata.read(bytes: bytes, path: path))["format"])
        #expect(try SafetensorsFile(bytes: edited).tensors == (try SafetensorsFile(bytes: bytes)).tensors)
    }

    @Test("bytes that are not a model of the extension's format are one line naming the file")
    func malformed() {
        var message = ""
        do { _ = try ModelMetadata.setting([("k", "v")], in: [1, 2, 3], path: "m.safetensors") } catch {
            message = error.description
        }
        #expect(message.hasPrefix("m.safetensors: "))
    }
}
