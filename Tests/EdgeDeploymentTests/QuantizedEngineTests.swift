import EdgeGraph
import EdgeImaging
import EdgeModelIO
import EdgeRuntime
import EdgeTensor
import Foundation
import Testing

@testable import EdgeDeployment

private let root = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/")

/// The integer engine (`--variant quantized`) on real QDQ files: ours and onnxruntime's own.
@Suite("the integer engine", .serialized)
struct QuantizedEngineTests {
    static let committed = root + "/models/quantized_cnn.onnx"

    /// The test split as flat normalized inputs, and the labels.
    static func testSplit() throws -> (inputs: [[Float]], labels: [Int]) {
        let data = try MNISTDataset.load(directory: root + "/samples/mnist", split: .test)
        let options = PreprocessOptions()
        let inputs = (0..<data.count).map { index in
            data.pixels[(index * 784)..<((index + 1) * 784)].map { (Float($0) / 255 - options.mean) / options.std }
        }
        return (inputs, data.labels.map(Int.init))
    }

    static func logits(_ model: any CompiledModel, _ inputs: [[Float]]) throws -> [[Float]] {
        let context = model.makeContext()
        var y = [Float](repeating: 0, count: model.signature.classCount)
        return try inputs.map { x in
            try x.withUnsafeBufferPointer { try context.predict(input: $0, into: &y) }
            return y
        }
    }

    static func top(_ v: [Float]) -> Int { v.indices.max { v[$0] < v[$1] }! }

    @Test(
        "models/quantized_cnn.onnx runs on integer kernels: float accuracy within 0.3 points, ≥ 99.5% agreement with fake-quant and with float"
    )
    func committedModel() throws {
        let loaded = try Deployment.load(Self.committed, variant: .quantized)
        let model = try #require(loaded.compiled as? QuantizedModel, "fell back to float: \(loaded.compiled)")
        // The fast kernels fuse each max-pool into its conv (QuantizedKernelFamilyTests checks both).
        #expect(
            model.plan.stepNames
                == (model.plan.kernels == .portable
                    ? [
                        "input_QuantizeLinear", "conv1+relu1+relu1_QuantizeLinear", "pool1",
                        "conv2+relu2+relu2_QuantizeLinear", "pool2", "fc1+relu3+relu3_QuantizeLinear", "fc2",
                    ]
                    : [
                        "input_QuantizeLinear", "conv1+relu1+relu1_QuantizeLinear+pool1",
                        "conv2+relu2+relu2_QuantizeLinear+pool2", "fc1+relu3+relu3_QuantizeLinear", "fc2",
                    ]))
        #expect(model.makeContext().variant == .quantized)
        let (inputs, labels) = try Self.testSplit()
        let ours = try Self.logits(model, inputs)
        let fake = try Self.logits(try EagerModel(graph: loaded.graph), inputs)
        let float = try Self.logits(
            try Deployment.load(root + "/models/edge_model.onnx", variant: .frozen).compiled, inputs)
        let correct = zip(ours, labels).filter { Self.top($0) == $1 }.count
        let floatCorrect = zip(float, labels).filter { Self.top($0) == $1 }.count
        let withFake = zip(ours, fake).filter { Self.top($0) == Self.top($1) }.count
        let withFloat = zip(ours, float).filter { Self.top($0) == Self.top($1) }.count
        let worst = zip(ours, fake).map { a, b in zip(a, b).map { abs($0 - $1) }.max()! }.max()!
        print(
            "integer engine: accuracy \(correct)/1000 (float \(floatCorrect)), agreement with fake-quant \(withFake), with float \(withFloat), max |logit − fake-quant| \(worst)"
        )
        #expect(abs(correct - floatCorrect) <= 3)
        #expect(withFake >= 995 && withFloat >= 995)
        // Integer requantization rounds where fake quantization keeps the float product.
        #expect(worst <= 0.25)
    }

    @Test("our integer logits agree with onnxruntime's int8 run of the same file on ≥ 99.5%")
    func onnxruntimeAgreement() throws {
        if ONNXRuntimeCrossCheckTests.skipUnlessVenv() { return }
        let theirs = try PeersVenv.logits(model: Self.committed)
        let ours = try Self.logits(
            try Deployment.load(Self.committed, variant: .quantized).compiled, try Self.testSplit().inputs)
        let agree = zip(ours, theirs).filter { Self.top($0) == Self.top($1) }.count
        let worst = zip(ours, theirs).map { a, b in zip(a, b).map { abs($0 - $1) }.max()! }.max()!
        print("integer engine vs onnxruntime int8: agreement \(agree)/1000, max |logit diff| \(worst)")
        #expect(agree >= 995)
        #expect(worst <= 0.25)
    }

    @Test(
        "a QDQ file from onnxruntime's quantize_static runs on integer kernels and agrees with onnxruntime on ≥ 99.5%")
    func onnxruntimeQuantizer() throws {
        if ONNXRuntimeCrossCheckTests.skipUnlessVenv() { return }
        let out = FileManager.default.temporaryDirectory.path + "/ort-qdq-int-\(getpid())-\(UUID().uuidString).onnx"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let made = try PeersVenv.run([
            PeersVenv.python, root + "/scripts/ort_quantize.py", root + "/models/edge_model.onnx",
            root + "/samples/mnist", out,
        ])
        try #require(made.status == 0, "ort_quantize.py failed: \(made.output)")
        let loaded = try Deployment.load(out, variant: .quantized)
        #expect(loaded.compiled is QuantizedModel, "fell back to float")
        let theirs = try PeersVenv.logits(model: out)
        let (inputs, labels) = try Self.testSplit()
        let ours = try Self.logits(loaded.compiled, inputs)
        let agree = zip(ours, theirs).filter { Self.top($0) == Self.top($1) }.count
        let worst = zip(ours, theirs).map { a, b in zip(a, b).map { abs($0 - $1) }.max()! }.max()!
        let correct = zip(ours, labels).filter { Self.top($0) == $1 }.count
        print(
            "onnxruntime-quantized file on our integer engine: accuracy \(correct)/1000, agreement \(agree)/1000, max |logit diff| \(worst)"
        )
        #expect(agree >= 995)
        #expect(correct >= 980)
    }

    @Test("a tiny QDQ classifier (the onnx fuzz seed) lowers to integer kernels and tracks fake quantization")
    func tinySeed() throws {
        let path = root + "/Tests/EdgeFuzzingTests/Corpus/onnx/seed-qdq-classifier.onnx"
        let loaded = try Deployment.load(path, variant: .quantized)
        let model = try #require(loaded.compiled as? QuantizedModel)
        #expect(
            model.plan.stepNames
                == (model.plan.kernels == .portable
                    ? ["QuantizeLinear_0", "Conv_4+Relu_5+QuantizeLinear_6", "MaxPool_8", "Gemm_12"]
                    : ["QuantizeLinear_0", "Conv_4+Relu_5+QuantizeLinear_6+MaxPool_8", "Gemm_12"]))
        var generator = SplitMix64(seed: 3)
        let input = Tensor<Float>(shape: [1, 1, 4, 4], scalars: (0..<16).map { _ in generator.nextFloat(in: -2..<2) })
        let ours = try model.makeContext().logits(input)
        let fake = try EagerModel(graph: loaded.graph).makeContext().logits(input)
        // The int32 accumulators are exact; the requantized conv output may differ from fake
        // quantization's float rounding by one step (0.05) in a few places.
        #expect(zip(ours, fake).allSatisfy { abs($0 - $1) < 0.05 }, "\(ours) vs \(fake)")
    }

    @Test("a float model is refused for --variant quantized; an unmappable QDQ graph runs in float with the reason")
    func refusalsAndFallback() throws {
        var message = ""
        do { _ = try Deployment.load(root + "/models/edge_model.onnx", variant: .quantized) } catch {
            message = "\(error)"
        }
        #expect(
            message.hasSuffix(
                "not a quantized model (no QuantizeLinear): make one with `edge quantize --model \(root)/models/edge_model.onnx`"
            ))
        // Sigmoid between quantized values is not an integer kernel: the graph runs in float.
        var graph = Graph(
            name: "qdq", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [1, 1, 2, 2]))], outputs: ["y"],
            nodes: [
                Node(name: "q", op: .quantizeLinear, inputs: ["x", "s", "z"], outputs: ["xq"]),
                Node(name: "dq", op: .dequantizeLinear, inputs: ["xq", "s", "z"], outputs: ["xd"]),
                Node(name: "sig", op: .sigmoid, inputs: ["xd"], outputs: ["g"]),
                Node(name: "flat", op: .flatten, inputs: ["g"], outputs: ["y"]),
            ])
        graph.setInitializer("s", .float32(Tensor(shape: [], scalars: [0.05])))
        graph.setInitializer("z", .int8(Tensor(shape: [], scalars: [0])))
        let compiled = try Deployment.compile(graph, variant: .quantized, path: "q.onnx")
        let fallback = try #require(compiled as? FloatQDQModel)
        #expect("\(fallback.reason)".contains("sig (Sigmoid)"))
        let y = try compiled.makeContext().logits(Tensor(shape: [1, 1, 2, 2], scalars: [0, 1, -1, 100]))
        // x quantized at 0.05 (saturating at 127·0.05 = 6.35), then the sigmoid in float.
        let expected = [Float(0), 1, -1, 6.35].map { 1 / (1 + exp(-$0)) }
        #expect(zip(y, expected).allSatisfy { abs($0 - $1) < 1e-6 }, "\(y)")
        #expect(compiled.makeContext().variant == .quantized)
    }
}
