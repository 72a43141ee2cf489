import EdgeGraph
import EdgeKernels
import EdgeRuntime
import EdgeTensor
import Testing

@testable import EdgeDeployment

private let root = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/")

/// The kernel paths whose integer families this process runs (portable, AVX2, AVX-512 VNNI);
/// the others are skipped with the reason printed.
private func families() -> [(QuantizedKernels, KernelPath)] {
    [(QuantizedKernels.portable, KernelPath.portable), (.avx2, .avx2), (.vnni, .avx512)].filter { family, path in
        if let reason = family.unsupportedReason ?? (path.isSupported ? nil : "kernel path \(path) unsupported") {
            print("skipping the \(family) integer kernels: \(reason)")
            return false
        }
        return QuantizedKernels(path) == family
    }
}

/// The integer engine on each kernel family: the same plan, the same bits.
@Suite("the integer engine on every kernel family", .serialized)
struct QuantizedKernelFamilyTests {
    @Test(
        "our QDQ file and onnxruntime's give bit-identical logits on the portable, AVX2 and VNNI kernels (60 test digits)"
    )
    func bitIdenticalAcrossFamilies() throws {
        let (inputs, _) = try QuantizedEngineTests.testSplit()
        let subset = Array(inputs.prefix(60))
        for file in ["/models/quantized_cnn.onnx", "/models/ort_quantized_cnn.onnx"] {
            let graph = try Deployment.read(root + file).graph
            var reference: [[Float]]?
            for (family, path) in families() {
                let model = try QuantizedModel(graph: graph, path: path)
                #expect(model.plan.kernels == family)
                let logits = try QuantizedEngineTests.logits(model, subset)
                if let reference {
                    #expect(logits == reference, "\(file) on \(family)")
                } else {
                    reference = logits
                }
            }
        }
    }

    @Test("the fast families fuse the 2×2 max-pools into the conv epilogues; the portable one keeps them apart")
    func fusedSteps() throws {
        let graph = try Deployment.read(root + "/models/quantized_cnn.onnx").graph
        for (family, path) in families() {
            let plan = try QuantizedModel(graph: graph, path: path).plan
            if family == .portable {
                #expect(
                    plan.stepNames == [
                        "input_QuantizeLinear", "conv1+relu1+relu1_QuantizeLinear", "pool1",
                        "conv2+relu2+relu2_QuantizeLinear", "pool2", "fc1+relu3+relu3_QuantizeLinear", "fc2",
                    ])
            } else {
                #expect(
                    plan.stepNames == [
                        "input_QuantizeLinear", "conv1+relu1+relu1_QuantizeLinear+pool1",
                        "conv2+relu2+relu2_QuantizeLinear+pool2", "fc1+relu3+relu3_QuantizeLinear", "fc2",
                    ], "\(family)")
            }
            #expect(plan.layers.map(\.shape) == plan.stepShapes)
        }
    }

    @Test("the quantized context profiles its layers (edge bench --profile) and gives predict's logits")
    func profile() throws {
        let model = try #require(
            try Deployment.load(root + "/models/quantized_cnn.onnx", variant: .quantized).compiled as? QuantizedModel)
        let context = model.makeQuantizedContext()
        let layers = context.layers
        #expect(layers.count == model.plan.stepNodes.count)
        #expect(layers.map(\.name) == model.plan.stepNames)
        #expect(layers.first?.op == "QuantizeLinear")
        #expect(layers.contains { $0.op.hasPrefix("Conv+Relu+QuantizeLinear") && $0.flops > 7_000_000 })
        #expect(layers.last?.shape == [1, 10])
        let input = try QuantizedEngineTests.testSplit().inputs[0]
        var plain = [Float](repeating: 0, count: 10)
        var profiled = [Float](repeating: 0, count: 10)
        var times = [UInt64](repeating: 0, count: layers.count)
        var tick: UInt64 = 0
        try input.withUnsafeBufferPointer { x in
            try plain.withUnsafeMutableBufferPointer { try context.predict(input: x, logits: $0) }
            try profiled.withUnsafeMutableBufferPointer { y in
                try times.withUnsafeMutableBufferPointer { t in
                    try context.predictProfiled(
                        input: x, logits: y, nanoseconds: t,
                        clock: {
                            tick += 10
                            return tick
                        })
                }
            }
        }
        #expect(plain == profiled)
        #expect(times.allSatisfy { $0 == 10 })
        var short = [UInt64](repeating: 0, count: 1)
        #expect(throws: EngineError.self) {
            try input.withUnsafeBufferPointer { x in
                try profiled.withUnsafeMutableBufferPointer { y in
                    try short.withUnsafeMutableBufferPointer {
                        try context.predictProfiled(input: x, logits: y, nanoseconds: $0, clock: { 0 })
                    }
                }
            }
        }
    }
}
