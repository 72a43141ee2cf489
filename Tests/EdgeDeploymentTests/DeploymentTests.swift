import EdgeModelIO
import EdgeRuntime
import Foundation
import Testing

@testable import EdgeDeployment

private let root = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
private let fixture = root + "/Tests/EdgeModelIOTests/Fixtures/digitcnn_torch.safetensors"

@Suite("EdgeDeployment: default models, loading, the engine factory")
struct DeploymentTests {
    @Test("each variant has its default model file in models/")
    func defaults() {
        #expect(Deployment.defaultModel(.eager) == "models/baseline_cnn.safetensors")
        #expect(Deployment.defaultModel(.frozen) == "models/edge_model.onnx")
        #expect(Deployment.defaultModel(.quantized) == "models/quantized_cnn.onnx")
        #expect(FileManager.default.fileExists(atPath: root + "/" + Deployment.defaultModel(.eager)))
    }

    @Test("a file loads into a graph and an eager compiled model of the graph's signature")
    func load() throws {
        let model = try Deployment.load(fixture, variant: .eager)
        #expect(model.compiled is EagerModel)
        #expect(model.compiled.variant == .eager)
        #expect(model.compiled.signature.inputShape == [1, 1, 28, 28] && model.compiled.signature.classCount == 10)
        #expect(model.sha256 == (try SHA256.hex(contentsOf: fixture)))
        #expect(model.loadMicroseconds > 0)
    }

    @Test("the factory compiles once: every worker's context comes from the same compiled model")
    func factoryShares() throws {
        let factory = try DeploymentFactory(models: [.eager: fixture])
        let a = try factory.compiledModel(variant: .eager)
        let b = try factory.compiledModel(variant: .eager)
        let same = ObjectIdentifier(a as AnyObject) == ObjectIdentifier(b as AnyObject)
        #expect(same)
        #expect(try factory.modelSHA256(variant: .eager) == (try SHA256.hex(contentsOf: fixture)))
        #expect(message { _ = try factory.compiledModel(variant: .frozen) } == "no model loaded for variant frozen")
    }

    @Test("what cannot be deployed is one line naming the file and the problem")
    func errors() throws {
        #expect(
            message { _ = try Deployment.load("/nonexistent/m.safetensors", variant: .eager) }
                == "/nonexistent/m.safetensors: cannot open: No such file or directory")
        #expect(
            message { try Deployment.checkAvailable(.quantized, path: "q.onnx", exists: { _ in false }) }
                == "q.onnx: quantized model not found (make it with `edge quantize --out q.onnx`, or pass --model FILE)"
        )
        #expect(Deployment.runnable == Set(Variant.allCases))
        #expect(
            message { try Deployment.checkAvailable(.frozen, path: "f.onnx", exists: { _ in false }) }
                == "f.onnx: frozen model not found (make it with `edge freeze --out f.onnx`, or pass --model FILE)"
        )
        #expect(
            message { try Deployment.checkAvailable(.eager, path: "m.safetensors", exists: { _ in false }) }
                == "m.safetensors: eager model not found (make it with `edge train --out m.safetensors`, or pass --model FILE)"
        )
        #expect(message { try Deployment.checkAvailable(.eager, path: fixture) } == nil)
        let graph = try ModelFile.loadGraph(contentsOf: fixture)
        #expect(
            message { _ = try Deployment.compile(graph, variant: .quantized, path: "q.onnx") }?.hasPrefix("q.onnx: ")
                == true)
    }
}

/// The description of the error `body` throws, or nil.
private func message(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return "\(error)"
    }
}
