import EdgeTensor

/// The DigitCNN model of DESIGN.md as a graph:
///
/// ```
/// conv1 Conv(1→32, 3×3, pad 1) → bn1 → relu1 → pool1 MaxPool 2     28→14
/// conv2 Conv(32→64, 3×3, pad 1) → bn2 → relu2 → pool2 MaxPool 2    14→7
/// flatten 3136 → fc1 Gemm(3136→80) → relu3 → fc2 Gemm(80→10) → logits
/// ```
///
/// Node names are the PyTorch module names; initializer names are the `state_dict` keys, so a
/// graph maps back to a `state_dict` one to one. BatchNorm is its own node (engines may fold it).
public enum DigitCNN {
    /// Name of the graph input, a normalised `[batch,1,28,28]` image.
    public static let inputName = "input"
    /// Name of the graph output, `[batch,10]` logits.
    public static let outputName = "logits"
    /// Input height and width.
    public static let imageSize = 28
    public static let classCount = 10
    /// BatchNorm epsilon (PyTorch's default).
    public static let batchNormEpsilon: Float = 1e-5

    /// The DigitCNN graph holding `weights` as initializers.
    /// - Parameter batchSize: leading dimension of the input and output (1 for inference).
    public static func graph(weights: DigitCNNWeights, batchSize: Int = 1) -> Graph {
        precondition(batchSize >= 1, "batch size must be ≥ 1")
        let input = ValueInfo(name: inputName, type: TensorType(.float32, [batchSize, 1, imageSize, imageSize]))
        let conv: [String: Attribute] = [
            "kernel_shape": .ints([3, 3]), "strides": .ints([1, 1]), "pads": .ints([1, 1, 1, 1]),
            "dilations": .ints([1, 1]), "group": .int(1),
        ]
        let pool: [String: Attribute] = ["kernel_shape": .ints([2, 2]), "strides": .ints([2, 2])]
        let bn: [String: Attribute] = ["epsilon": .float(batchNormEpsilon), "momentum": .float(0.9)]
        let gemm: [String: Attribute] = ["transB": .int(1), "alpha": .float(1), "beta": .float(1)]
        func stats(_ layer: String) -> [String] {
            ["\(layer).weight", "\(layer).bias", "\(layer).running_mean", "\(layer).running_var"]
        }
        let nodes = [
            Node(
                name: "conv1", op: .conv, inputs: [inputName, "conv1.weight", "conv1.bias"], outputs: ["conv1"],
                attributes: conv),
            Node(
                name: "bn1", op: .batchNormalization, inputs: ["conv1"] + stats("bn1"), outputs: ["bn1"], attributes: bn
            ),
            Node(name: "relu1", op: .relu, inputs: ["bn1"], outputs: ["relu1"]),
            Node(name: "pool1", op: .maxPool, inputs: ["relu1"], outputs: ["pool1"], attributes: pool),
            Node(
                name: "conv2", op: .conv, inputs: ["pool1", "conv2.weight", "conv2.bias"], outputs: ["conv2"],
                attributes: conv),
            Node(
                name: "bn2", op: .batchNormalization, inputs: ["conv2"] + stats("bn2"), outputs: ["bn2"], attributes: bn
            ),
            Node(name: "relu2", op: .relu, inputs: ["bn2"], outputs: ["relu2"]),
            Node(name: "pool2", op: .maxPool, inputs: ["relu2"], outputs: ["pool2"], attributes: pool),
            Node(name: "flatten", op: .flatten, inputs: ["pool2"], outputs: ["flatten"], attributes: ["axis": .int(1)]),
            Node(
                name: "fc1", op: .gemm, inputs: ["flatten", "fc1.weight", "fc1.bias"], outputs: ["fc1"],
                attributes: gemm),
            Node(name: "relu3", op: .relu, inputs: ["fc1"], outputs: ["relu3"]),
            Node(
                name: "fc2", op: .gemm, inputs: ["relu3", "fc2.weight", "fc2.bias"], outputs: [outputName],
                attributes: gemm),
        ]
        let initializers = DigitCNNWeights.specification.map { ($0.name, TensorData.float32(weights[$0.name])) }
        return Graph(name: "DigitCNN", inputs: [input], outputs: [outputName], nodes: nodes, initializers: initializers)
    }
}
