import EdgeGraph
import Testing

@testable import EdgeModelIO

@Suite("Model files")
struct ModelFileTests {
    @Test("SHA-256 matches the FIPS 180-4 test vectors")
    func sha256() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex([UInt8](repeating: 0x61, count: 1000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test("a safetensors file loads as the validated DigitCNN graph")
    func loadGraph() throws {
        let graph = try ModelFile.loadGraph(contentsOf: Fixtures.torchWeights)
        #expect(graph.name == "DigitCNN")
        #expect(try graph.cost().parameters == 270_778)
        #expect(
            graph.floatInitializer("fc2.bias") == (try DigitCNNWeights(contentsOf: Fixtures.torchWeights))["fc2.bias"])
    }

    @Test("formats come from the extension; unknown ones are named")
    func formats() {
        #expect(ModelFile.Format(path: "models/a.SafeTensors") == .safetensors)
        #expect(ModelFile.Format(path: "models.v2/a") == nil)
        #expect(throws: ModelFileError(path: "m.pt", problem: "unknown model format (expected .safetensors or .onnx)"))
        {
            try ModelFile.loadGraph(contentsOf: "m.pt")
        }
        #expect(ModelFile.Format(path: "m.ONNX") == .onnx)
        #expect(throws: ModelFileError(path: "m.onnx", problem: "cannot open: No such file or directory")) {
            try ModelFile.loadGraph(contentsOf: "m.onnx")
        }
    }
}
