extension Graph {
    /// Counts parameters and FLOPs per node, with the convention PyTorch model summaries use.
    ///
    /// - Parameters are the elements of the learned constants a node reads: Conv W and B,
    ///   BatchNormalization scale and B (not the running mean and variance, which PyTorch keeps
    ///   as buffers), Gemm B and C, constant MatMul/Add/Mul/Concat operands, and the quantized tensor a
    ///   DequantizeLinear reads. Scales, zero points, Clip bounds and shape operands are not parameters.
    /// - FLOPs are `2 × multiply-accumulates` of Conv, Gemm and MatMul; bias adds,
    ///   normalization, activations and pooling count zero (they are < 1% of DigitCNN's work).
    ///
    /// DigitCNN: 270,778 parameters, 8,180,288 FLOPs.
    /// - Throws: `GraphError` when the graph is invalid.
    public func cost() throws(GraphError) -> GraphCost {
        let types = try inferTypes()
        func constantElements(_ node: Node, _ indices: [Int]) -> Int {
            indices.reduce(0) { sum, index in
                guard let name = node.input(index), let data = initializers[name] else { return sum }
                return sum + data.elementCount
            }
        }
        var costs: [NodeCost] = []
        for node in nodes {
            let output = types[node.outputs[0]]!
            var parameters = 0
            var macs = 0
            switch node.op {
            case .conv:
                parameters = constantElements(node, [1, 2])
                let weight = types[node.inputs[1]]!.shape
                // Every output element is a dot product over (Cin/group)·kH·kW inputs.
                macs = output.shape.elementCount * weight[1] * weight[2] * weight[3]
            case .batchNormalization:
                parameters = constantElements(node, [1, 2])
            case .gemm:
                parameters = constantElements(node, [1, 2])
                let a = types[node.inputs[0]]!.shape
                let k = try node.int("transA", default: 0) != 0 ? a[0] : a[1]
                macs = output.shape.elementCount * k
            case .matMul:
                parameters = constantElements(node, [0, 1])
                macs = output.shape.elementCount * types[node.inputs[0]]!.shape[1]
            case .add, .mul:
                parameters = constantElements(node, [0, 1])
            case .concat:
                parameters = constantElements(node, Array(node.inputs.indices))
            case .dequantizeLinear:
                parameters = constantElements(node, [0])
            case .relu, .maxPool, .averagePool, .globalAveragePool, .flatten, .reshape, .softmax,
                .identity, .quantizeLinear, .clip, .leakyRelu, .sigmoid, .hardSigmoid, .hardSwish, .pad, .transpose:
                break
            }
            costs.append(NodeCost(node: node.name, op: node.op, output: output, parameters: parameters, macs: macs))
        }
        return GraphCost(nodes: costs)
    }
}
