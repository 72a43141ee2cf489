import EdgeGraph
import EdgeTensor
import Foundation
import Testing

@testable import EdgeModelIO

@Suite("ONNX export")
struct ONNXWriterTests {
    @Test("DigitCNN (with BatchNorm) written and read back is the same graph, value for value")
    func roundTrip() throws {
        let graph = DigitCNN.graph(weights: DigitCNNWeights(seed: 12))
        let bytes = try ONNXWriter.bytes(graph, path: "m.onnx", producer: ("test", "1"))
        let back = try ONNXReader.graph(bytes: bytes, path: "m.onnx")
        #expect(back == graph)
        #expect(try ONNXWriter.bytes(graph, path: "m.onnx", producer: ("test", "1")) == bytes, "not deterministic")
    }

    @Test("every element type, integer shape operands and metadata survive the round trip")
    func typesAndMetadata() throws {
        var graph = Graph(
            name: "types", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [1, 6]))], outputs: ["y"],
            nodes: [Node(name: "reshape", op: .reshape, inputs: ["x", "shape"], outputs: ["y"])])
        graph.setInitializer("shape", .int64(shape: [2], values: [2, -1]))
        graph.setInitializer("i8", .int8(Tensor(shape: [3], scalars: [-128, 0, 127])))
        graph.setInitializer("u8", .uint8(Tensor(shape: [2], scalars: [0, 255])))
        graph.setInitializer("i32", .int32(Tensor(shape: [2], scalars: [Int32.min, Int32.max])))
        graph.setInitializer("f", .float32(Tensor(shape: [2], scalars: [-0.0, .greatestFiniteMagnitude])))
        let bytes = try ONNXWriter.bytes(
            graph, path: "t.onnx", opset: 21, producer: ("test", "1"), metadata: [("b", "2"), ("a", "1")])
        let back = try ONNXReader.graph(bytes: bytes, path: "t.onnx")
        #expect(back.initializers == graph.initializers)
        #expect(back.initializerNames == graph.initializerNames)
        #expect(try back.inferTypes()["y"]?.shape == [2, 3])
        let metadata = try ONNXReader.metadata(bytes: bytes, path: "t.onnx")
        #expect(metadata.map(\.key) == ["b", "a"] && metadata.map(\.value) == ["2", "1"])
        let model = try Onnx_ModelProto(serializedBytes: bytes)
        #expect(model.irVersion == 10 && model.opsetImport.map(\.version) == [21])
        #expect(model.producerName == "test" && model.producerVersion == "1")
    }

    @Test("an invalid graph or an opset we cannot write is refused in one line")
    func refusals() {
        let broken = Graph(name: "b", inputs: [], outputs: ["nothing"])
        var message = ""
        do { _ = try ONNXWriter.bytes(broken, path: "b.onnx", producer: ("t", "1")) } catch { message = "\(error)" }
        #expect(message.hasPrefix("b.onnx: ") && message.contains("nothing"))
        do {
            _ = try ONNXWriter.bytes(
                DigitCNN.graph(weights: DigitCNNWeights(seed: 1)), path: "o.onnx", opset: 11, producer: ("t", "1"))
        } catch { message = "\(error)" }
        #expect(message == "o.onnx: opset 11 cannot be written (13–21)")
    }
}
