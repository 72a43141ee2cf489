import EdgeGraph
import EdgeTensor

/// The MLPerf Tiny reference shapes of ../shared/devices-calibration.md other than ResNet-8 (which
/// is models/foreign/resnet8.onnx), built with seeded weights: weights do not change latency.
enum ReferenceShapes {
    /// Nodes and initializers of a graph being built, with seeded weights.
    struct Builder {
        var nodes: [Node] = []
        var initializers: [(String, TensorData)] = []
        var generator = SplitMix64(seed: 19)
        var count = 0

        mutating func constant(_ shape: Shape) -> String {
            count += 1
            let name = "w\(count)"
            let scalars = (0..<shape.elementCount).map { _ in generator.nextFloat(in: -0.1..<0.1) }
            initializers.append((name, .float32(Tensor(shape: shape, scalars: scalars))))
            return name
        }

        mutating func node(_ op: OpType, _ inputs: [String], _ attributes: [String: Attribute] = [:]) -> String {
            count += 1
            let output = "v\(count)"
            nodes.append(Node(name: "n\(count)", op: op, inputs: inputs, outputs: [output], attributes: attributes))
            return output
        }

        mutating func conv(
            _ x: String, in cin: Int, out cout: Int, kernel: [Int], stride: Int, pads: [Int], group: Int = 1
        ) -> String {
            let w = constant([cout, cin / group, kernel[0], kernel[1]])
            let b = constant([cout])
            let y = node(
                .conv, [x, w, b],
                [
                    "kernel_shape": .ints(kernel), "strides": .ints([stride, stride]), "pads": .ints(pads),
                    "group": .int(group),
                ])
            return node(.relu, [y])
        }

        mutating func linear(_ x: String, in k: Int, out n: Int, relu: Bool) -> String {
            let y = node(.gemm, [x, constant([n, k]), constant([n])], ["transB": .int(1)])
            return relu ? node(.relu, [y]) : y
        }

        func graph(_ name: String, input: Shape, output: String) -> Graph {
            Graph(
                name: name, inputs: [ValueInfo(name: "input", type: TensorType(.float32, input))], outputs: [output],
                nodes: nodes, initializers: initializers)
        }
    }

    /// DS-CNN (keyword spotting): 1×49×10 MFCC → conv 10×4 stride 2, 64 ch ("same") → 4 ×
    /// (depthwise 3×3 + pointwise 64→64) → average pool → FC 12. 2,656,768 MACs.
    static func dsCNN() -> Graph {
        var b = Builder()
        var x = b.conv("input", in: 1, out: 64, kernel: [10, 4], stride: 2, pads: [4, 1, 5, 1])
        for _ in 0..<4 {
            x = b.conv(x, in: 64, out: 64, kernel: [3, 3], stride: 1, pads: [1, 1, 1, 1], group: 64)
            x = b.conv(x, in: 64, out: 64, kernel: [1, 1], stride: 1, pads: [0, 0, 0, 0])
        }
        x = b.node(.globalAveragePool, [x])
        x = b.node(.flatten, [x])
        let logits = b.linear(x, in: 64, out: 12, relu: false)
        return b.graph("ds-cnn", input: [1, 1, 49, 10], output: logits)
    }

    /// FC autoencoder (anomaly detection): 640 → 128 ×4 → 8 → 128 ×4 → 640. 264,192 MACs.
    static func autoencoder() -> Graph {
        var b = Builder()
        let widths = [640, 128, 128, 128, 128, 8, 128, 128, 128, 128, 640]
        var x = "input"
        for index in 1..<widths.count {
            x = b.linear(x, in: widths[index - 1], out: widths[index], relu: index < widths.count - 1)
        }
        return b.graph("fc-autoencoder", input: [1, 640], output: x)
    }
}
