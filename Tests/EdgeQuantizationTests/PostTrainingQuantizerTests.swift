import EdgeGraph
import EdgeRuntime
import EdgeTensor
import Testing

@testable import EdgeQuantization

/// A small Conv → Relu → MaxPool → Flatten → Gemm graph with seeded weights.
private func smallGraph(seed: UInt64 = 5) -> Graph {
    var generator = SplitMix64(seed: seed)
    func tensor(_ shape: Shape, _ scale: Float) -> Tensor<Float> {
        Tensor(shape: shape, scalars: (0..<shape.elementCount).map { _ in generator.nextFloat(in: -scale..<scale) })
    }
    return Graph(
        name: "small", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [1, 1, 6, 6]))], outputs: ["y"],
        nodes: [
            Node(
                name: "conv", op: .conv, inputs: ["x", "w", "b"], outputs: ["c"],
                attributes: ["kernel_shape": .ints([3, 3]), "pads": .ints([1, 1, 1, 1])]),
            Node(name: "relu", op: .relu, inputs: ["c"], outputs: ["r"]),
            Node(
                name: "pool", op: .maxPool, inputs: ["r"], outputs: ["p"],
                attributes: ["kernel_shape": .ints([2, 2]), "strides": .ints([2, 2])]),
            Node(name: "flat", op: .flatten, inputs: ["p"], outputs: ["f"]),
            Node(name: "fc", op: .gemm, inputs: ["f", "fw", "fb"], outputs: ["y"], attributes: ["transB": .int(1)]),
        ],
        initializers: [
            ("w", .float32(tensor([4, 1, 3, 3], 1))), ("b", .float32(tensor([4], 0.2))),
            ("fw", .float32(tensor([3, 36], 0.5))), ("fb", .float32(tensor([3], 0.1))),
        ])
}

private func inputs(_ count: Int, seed: UInt64 = 9) -> [Tensor<Float>] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { _ in
        Tensor(shape: [1, 1, 6, 6], scalars: (0..<36).map { _ in generator.nextFloat(in: -1..<2) })
    }
}

@Suite("Post-training quantization")
struct PostTrainingQuantizerTests {
    @Test("scale and zero point follow onnxruntime's compute_scale_zp (0 always on the grid)")
    func scaleAndZeroPoint() {
        let a = ActivationQuantization.parameters(lower: -1, upper: 2.0, type: .int8)
        #expect(a.scale == Float(3.0 / 255) && a.zeroPoint == -43)  // round(−128 + 1/(3/255)) = −43
        let relu = ActivationQuantization.parameters(lower: 0.5, upper: 5.1, type: .int8)
        #expect(relu.scale == Float(5.1 / 255) && relu.zeroPoint == -128)
        let u = ActivationQuantization.parameters(lower: -1, upper: 2.0, type: .uint8)
        #expect(u.scale == Float(3.0 / 255) && u.zeroPoint == 85)
        #expect(ActivationQuantization.parameters(lower: 0, upper: 0, type: .int8) == (1, 0))
    }

    @Test("weights: symmetric int8 per output channel, the channel's largest magnitude at ±127")
    func weights() {
        let w = Tensor<Float>(shape: [2, 3], scalars: [0.5, -1.0, 0.25, 0, 0, 0.01])
        let (q, scales) = QDQRewriter.quantizeWeight(w, axis: 0)
        #expect(scales == [1.0 / 127, Float(0.01) / 127])
        #expect(q.scalars == [64, -127, 32, 0, 0, 127])  // 63.5 rounds half to even → 64
        let (qt, st) = QDQRewriter.quantizeWeight(w, axis: 1)  // per column (a MatMul's B)
        #expect(st == [0.5 / 127, 1.0 / 127, 0.25 / 127] && qt.scalars == [127, -127, 127, 0, 0, 5])
    }

    @Test("the QDQ graph: Q/DQ on input, ReLU output and pooled input (shared), DQ on weights; int32 bias scale")
    func graphShape() throws {
        let result = try PostTrainingQuantizer().quantize(smallGraph(), calibration: inputs(8))
        #expect(result.activations.map(\.tensor) == ["x", "r", "f"])
        #expect(
            result.activation("f")?.sharedFrom == "r" && result.activation("f")?.scale == result.activation("r")?.scale)
        #expect(result.layers.map(\.node) == ["conv", "fc"] && result.layers[0].fusedActivation == "relu")
        #expect(!result.layers[1].outputQuantized)
        let g = result.graph
        #expect(
            g.nodes.map(\.op.rawValue) == [
                "QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "DequantizeLinear", "Conv", "Relu",
                "QuantizeLinear", "DequantizeLinear", "MaxPool", "Flatten", "QuantizeLinear", "DequantizeLinear",
                "DequantizeLinear", "DequantizeLinear", "Gemm",
            ])
        guard case .float32(let biasScale)? = g.initializers["b_scale"],
            case .float32(let wScale)? = g.initializers["w_scale"]
        else {
            Issue.record("no bias or weight scale")
            return
        }
        let inputScale = result.activation("x")!.scale
        #expect(biasScale.scalars == wScale.scalars.map { inputScale * $0 })
        #expect(g.initializers["w"] == nil && g.initializers["b"]?.elementType == nil)
        // Same arguments, same graph.
        #expect(try PostTrainingQuantizer().quantize(smallGraph(), calibration: inputs(8)).graph == g)
    }

    @Test("fake-quant output stays close to float; the report ranks the layers and measures them")
    func report() throws {
        let calibration = inputs(16)
        let result = try PostTrainingQuantizer().quantize(smallGraph(), calibration: calibration)
        let report = try LayerErrorReport(result, inputs: calibration)
        #expect(report.entries.count == 2 && report.imageCount == 16)
        #expect(report.entries[0].sqnrDB <= report.entries[1].sqnrDB)
        for entry in report.entries {
            #expect(entry.sqnrDB > 25, "\(entry.layer.node): \(entry.sqnrDB) dB")
            #expect(entry.cosine > 0.998 && entry.maxAbsError < 0.1)
            // minmax: nothing on the calibration data lies outside the grid.
            #expect(entry.inputClipping == 0 && entry.outputClipping == 0)
        }
    }

    @Test("percentile clips the outliers it should; entropy picks a threshold inside the range")
    func methods() throws {
        var observer = ActivationObserver()
        var values = [Float](repeating: 0, count: 0)
        for i in 0..<10_000 { values.append(Float(i % 100) / 100) }  // uniform on [0, 0.99]
        values.append(50)  // one outlier
        observer.observeRange(values)
        observer.startHistogram(absolute: false)
        observer.observeHistogram(values)
        let minmax = RangeChoice.range(observer, .minMax)
        #expect(minmax.lower == 0 && minmax.upper == 50)
        let percentile = RangeChoice.range(observer, .percentile(99.9))
        #expect(percentile.upper > 0.95 && percentile.upper < 1.05, "\(percentile)")
        // A bell (sum of four uniforms, σ ≈ 0.58) with two far outliers: KL keeps the bell's
        // tails and drops the outliers.
        var generator = SplitMix64(seed: 3)
        var bell = (0..<50_000).map { _ in (0..<4).reduce(Float(0)) { s, _ in s + generator.nextFloat(in: -1..<1) } }
        bell += [20, -20]
        var magnitudes = ActivationObserver()
        magnitudes.observeRange(bell)
        magnitudes.startHistogram(absolute: true)
        magnitudes.observeHistogram(bell)
        let entropy = RangeChoice.range(magnitudes, .entropy)
        #expect(entropy.upper > 1 && entropy.upper < 4 && entropy.lower == -entropy.upper, "\(entropy)")
    }

    @Test("a graph without a quantizable layer is refused in one line")
    func refusal() {
        let graph = Graph(
            name: "r", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [1, 4]))], outputs: ["y"],
            nodes: [Node(name: "relu", op: .relu, inputs: ["x"], outputs: ["y"])])
        var error: QuantizationError?
        do { _ = try PostTrainingQuantizer().quantize(graph, calibration: [Tensor(shape: [1, 4])]) } catch let e {
            error = e
        }
        #expect(error?.message == "r: no Conv, Gemm or MatMul with a constant float weight to quantize")
    }
}
