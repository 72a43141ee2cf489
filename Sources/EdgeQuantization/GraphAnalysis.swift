import EdgeGraph

/// Where a float graph gets quantized: its Conv/Gemm/MatMul layers (with a ReLU folded in),
/// and the activation tensors that get a QuantizeLinear → DequantizeLinear pair, each with its
/// own calibrated parameters or sharing those of the tensor a value-moving chain reads.
struct GraphAnalysis {
    struct Layer {
        var nodeIndex: Int
        var relu: Node?
        var input: String
        var output: String
        var outputQuantized: Bool
        var weightAxis: Int
    }

    var layers: [Layer] = []
    /// Every quantized activation, in the order the graph defines them (graph input first).
    var quantizedTensors: [String] = []
    /// The quantized tensors with their own calibrated parameters (the observers' list).
    var ownTensors: [String] = []
    /// Tensor → the tensor whose parameters it reuses.
    var sharedTensors: [(String, String)] = []

    init(_ graph: Graph) throws(QuantizationError) {
        var producer: [String: Int] = [:]
        var consumers: [String: [Int]] = [:]
        for (index, node) in graph.nodes.enumerated() {
            for output in node.outputs { producer[output] = index }
            for input in node.inputs where !input.isEmpty { consumers[input, default: []].append(index) }
        }
        for (index, node) in graph.nodes.enumerated() {
            guard let axis = Self.weightAxis(node, graph), graph.initializers[node.inputs[0]] == nil else { continue }
            var output = node.outputs[0]
            var relu: Node?
            if !graph.outputs.contains(output), let readers = consumers[output], readers.count == 1,
                graph.nodes[readers[0]].op == .relu
            {
                relu = graph.nodes[readers[0]]
                output = relu!.outputs[0]
            }
            layers.append(
                Layer(
                    nodeIndex: index, relu: relu, input: node.inputs[0], output: output,
                    outputQuantized: !graph.outputs.contains(output), weightAxis: axis))
        }
        guard !layers.isEmpty else {
            throw QuantizationError("\(graph.name): no Conv, Gemm or MatMul with a constant float weight to quantize")
        }
        var wanted = Set(layers.map(\.input))
        for layer in layers where layer.outputQuantized { wanted.insert(layer.output) }
        func position(_ name: String) -> Int { producer[name] ?? -1 }
        quantizedTensors = wanted.sorted { (position($0), $0) < (position($1), $1) }
        var origin: [String: String] = [:]
        for tensor in quantizedTensors {
            var current = tensor
            while let p = producer[current], PostTrainingQuantizer.passThrough.contains(graph.nodes[p].op) {
                current = graph.nodes[p].inputs[0]
                if wanted.contains(current) {
                    origin[tensor] = origin[current] ?? current
                    break
                }
            }
            if let source = origin[tensor] {
                sharedTensors.append((tensor, source))
            } else {
                ownTensors.append(tensor)
            }
        }
    }

    /// The output-channel axis of a quantizable layer's weight, or nil when the node is not one
    /// (not Conv/Gemm/MatMul, a computed weight, Gemm with transA, alpha or beta ≠ 1).
    static func weightAxis(_ node: Node, _ graph: Graph) -> Int? {
        guard node.inputs.count >= 2, let weight = graph.floatInitializer(node.inputs[1]) else { return nil }
        switch node.op {
        case .conv:
            return weight.rank == 4 ? 0 : nil
        case .gemm:
            guard weight.rank == 2, (try? node.int("transA", default: 0)) == 0,
                (try? node.float("alpha", default: 1)) == 1, (try? node.float("beta", default: 1)) == 1
            else { return nil }
            return (try? node.int("transB", default: 0)) == 1 ? 0 : 1
        case .matMul:
            return weight.rank == 2 ? 1 : nil
        default:
            return nil
        }
    }
}
