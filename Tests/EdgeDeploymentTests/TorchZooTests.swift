import EdgeGraph
import EdgeIO
import EdgeRuntime
import EdgeTensor
import Foundation
import Testing

@testable import EdgeDeployment

private let zoo = "/" + #filePath.split(separator: "/").dropLast(1).joined(separator: "/") + "/Fixtures/zoo"

/// Image classifiers that are not DigitCNN, exported by `torch.onnx.export`
/// (scripts/make_torch_zoo_onnx.py), with onnxruntime's logits recorded for four seeded inputs:
/// the ones we support must match onnxruntime through both engines; the ones we do not must be
/// refused in one line naming the file, the node and the operator.
@Suite("torch-exported classifiers (MobileNet-style, ResNet-8-style, …) against onnxruntime")
struct TorchZooTests {
    /// The recorded inputs `[4, C, H, W]` and onnxruntime's outputs `[4, classes]`.
    static func expected(_ name: String, inputCount: Int, directory: String = zoo) throws -> (
        inputs: [[Float]], outputs: [[Float]]
    ) {
        let bytes = try FileSystem.read("\(directory)/\(name).expected.bin")
        let values = stride(from: 0, to: bytes.count, by: 4).map { i in
            Float(
                bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16
                    | UInt32(bytes[i + 3]) << 24)
        }
        let inputs = (0..<4).map { Array(values[($0 * inputCount)..<(($0 + 1) * inputCount)]) }
        let rest = Array(values[(4 * inputCount)...])
        let classes = rest.count / 4
        return (inputs, (0..<4).map { Array(rest[($0 * classes)..<(($0 + 1) * classes)]) })
    }

    @Test(
        "supported architectures equal onnxruntime through eager and frozen",
        arguments: [
            ("mobilenet_like", "depthwise 3×3 stride 1 and 2, pointwise, ReLU6 as Clip"),
            ("resnet8_like", "stride-2 convs, 1×1 projections, residual Add"),
            ("leaky_sigmoid_concat", "LeakyRelu, Sigmoid gate (broadcast Mul), Concat, Transpose"),
        ])
    func supported(name: String, what: String) throws {
        for variant in [Variant.eager, .frozen] {
            let model = try Deployment.load("\(zoo)/\(name).onnx", variant: variant)
            let signature = model.compiled.signature
            let (inputs, outputs) = try Self.expected(name, inputCount: signature.inputCount)
            let context = model.compiled.makeContext()
            var logits = [Float](repeating: 0, count: signature.classCount)
            for (index, (input, reference)) in zip(inputs, outputs).enumerated() {
                try input.withUnsafeBufferPointer { try context.predict(input: $0, into: &logits) }
                #expect(
                    frozenEquals(logits, reference),
                    "\(name) (\(what)) \(variant) input \(index): \(logits) vs \(reference)")
            }
        }
    }

    @Test(
        "graphs with ops we do not run are refused in one line naming the node and the operator",
        arguments: [
            ("unsupported_resize", "(Resize): operator Resize is not supported"), ("unsupported_layernorm", "operator"),
        ])
    func refused(name: String, expected: String) {
        for variant in [Variant.eager, .frozen] {
            var message = ""
            do { _ = try Deployment.load("\(zoo)/\(name).onnx", variant: variant) } catch { message = "\(error)" }
            #expect(message.hasPrefix("\(zoo)/\(name).onnx: node "), "\(message)")
            #expect(message.contains(expected) && !message.contains("\n"), "\(message)")
        }
    }
}

/// Per input `max |a − b| ≤ 1e-4 · max(1, max |ref|)` and the same top-1.
func frozenEquals(_ a: [Float], _ reference: [Float]) -> Bool {
    let scale = max(1, reference.map(abs).max() ?? 0)
    let top = { (v: [Float]) in v.indices.max { v[$0] < v[$1] } }
    return zip(a, reference).allSatisfy { abs($0 - $1) <= 1e-4 * scale } && top(a) == top(reference)
}
