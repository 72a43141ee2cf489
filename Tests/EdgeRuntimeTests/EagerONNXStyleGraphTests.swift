import EdgeGraph
import EdgeKernels
import EdgeTensor
import Testing

@testable import EdgeRuntime

/// A CNN in the shape ONNX exporters write (strided grouped conv with asymmetric pads, average
/// and global pooling, Reshape with -1, Gemm with transB=0, Softmax), checked against the
/// reference kernels composed by hand: the IR and the eager engine are not DigitCNN-only.
@Suite("Eager engine on an ONNX-style graph")
struct EagerONNXStyleGraphTests {
    func random(_ shape: Shape, _ generator: inout SplitMix64, _ range: Range<Float> = -1..<1) -> Tensor<Float> {
        Tensor(shape: shape, scalars: (0..<shape.elementCount).map { _ in generator.nextFloat(in: range) })
    }

    @Test(
        "conv(stride 2, groups 2, pads 1,0,2,1) → BN → Relu → AveragePool → GlobalAveragePool → Reshape → Gemm → Softmax",
        arguments: KernelPath.available)
    func matchesReference(path: KernelPath) throws {
        var generator = SplitMix64(seed: 77)
        let x = random([2, 4, 11, 9], &generator)
        let w = random([6, 2, 3, 3], &generator)
        let b = random([6], &generator)
        let scale = random([6], &generator, 0.5..<1.5)
        let shift = random([6], &generator)
        let mean = random([6], &generator, -0.2..<0.2)
        let variance = random([6], &generator, 0.5..<2)
        let fcWeight = random([6, 5], &generator)
        let fcBias = random([5], &generator)
        let graph = Graph(
            name: "onnx-style", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [2, 4, 11, 9]))],
            outputs: ["probs"],
            nodes: [
                Node(
                    name: "conv", op: .conv, inputs: ["x", "w", "b"], outputs: ["c"],
                    attributes: ["strides": .ints([2, 2]), "pads": .ints([1, 0, 2, 1]), "group": .int(2)]),
                Node(
                    name: "bn", op: .batchNormalization, inputs: ["c", "scale", "shift", "mean", "var"], outputs: ["n"]),
                Node(name: "relu", op: .relu, inputs: ["n"], outputs: ["r"]),
                Node(
                    name: "avg", op: .averagePool, inputs: ["r"], outputs: ["a"],
                    attributes: [
                        "kernel_shape": .ints([3, 3]), "strides": .ints([2, 2]), "pads": .ints([1, 1, 1, 1]),
                    ]),
                Node(name: "gap", op: .globalAveragePool, inputs: ["a"], outputs: ["g"]),
                Node(name: "reshape", op: .reshape, inputs: ["g", "shape"], outputs: ["f"]),
                Node(name: "fc", op: .gemm, inputs: ["f", "fcw", "fcb"], outputs: ["logits"]),
                Node(
                    name: "softmax", op: .softmax, inputs: ["logits"], outputs: ["probs"], attributes: ["axis": .int(1)]
                ),
            ],
            initializers: [
                ("w", .float32(w)), ("b", .float32(b)), ("scale", .float32(scale)), ("shift", .float32(shift)),
                ("mean", .float32(mean)), ("var", .float32(variance)), ("shape", .int64(shape: [2], values: [0, -1])),
                ("fcw", .float32(fcWeight)), ("fcb", .float32(fcBias)),
            ])
        let types = try graph.inferTypes()
        #expect(types["c"]?.shape == [2, 6, 6, 4])  // H (11+1+2−3)/2+1, W (9+0+1−3)/2+1
        #expect(types["a"]?.shape == [2, 6, 3, 2])
        #expect(types["f"]?.shape == [2, 6])
        let probs = try EagerInterpreter(graph: graph, path: path).run(["x": x])["probs"]!

        // The same computation on the reference kernels.
        let convGeometry = try Conv2D.geometry(
            input: x.shape, weight: w.shape,
            parameters: Conv2DParameters(
                strideHeight: 2, strideWidth: 2, padTop: 1, padLeft: 0, padBottom: 2, padRight: 1,
                dilationHeight: 1, dilationWidth: 1, groups: 2))
        let conv = Tensor<Float>(shape: [2, 6, 6, 4]) { y in
            Conv2D.forwardReference(
                convGeometry, input: x.scalars, weight: w.scalars, bias: b.scalars, output: y.baseAddress!)
        }
        let normalized = Tensor<Float>(shape: conv.shape) { y in
            BatchNorm.inferenceReference(
                batch: 2, channels: 6, spatial: 24, input: conv.scalars, scale: scale.scalars,
                bias: shift.scalars, mean: mean.scalars, variance: variance.scalars, output: y.baseAddress!)
        }
        let relu = Tensor<Float>(shape: conv.shape, scalars: normalized.scalars.map { max($0, 0) })
        let poolGeometry = try Pool2DGeometry(
            batch: 2, channels: 6, inHeight: 6, inWidth: 4, kernel: 3, stride: 2, padding: 1)
        let pooled = Tensor<Float>(shape: Shape(poolGeometry.outputDims)) { y in
            AvgPool2D.forwardReference(
                poolGeometry, input: relu.scalars, output: y.baseAddress!, countIncludePad: false)
        }
        let global = Tensor<Float>(shape: [2, 6]) { y in
            GlobalAvgPool.forwardReference(
                batch: 2, channels: 6, spatial: 6, input: pooled.scalars, output: y.baseAddress!)
        }
        var logits = [Float](repeating: 0, count: 10)
        for row in 0..<2 {
            for column in 0..<5 {
                logits[row * 5 + column] =
                    fcBias[column] + (0..<6).reduce(0) { $0 + global[row, $1] * fcWeight[$1, column] }
            }
        }
        let expected = Tensor<Float>(shape: [2, 5]) { y in
            Softmax.forwardReference(rows: 2, columns: 5, input: logits, output: y.baseAddress!)
        }
        #expect(maxRelativeError(probs, expected) < 1e-5, "path \(path)")
    }
}
