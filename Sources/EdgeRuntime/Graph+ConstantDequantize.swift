import EdgeGraph
import EdgeKernels
import EdgeTensor

extension TensorData {
    /// The elements as floats when the eager engine holds them as floats: float32 as is,
    /// int8/uint8/int32 converted (quantized weights and biases in fake quantization); nil for
    /// int64, which only shape operands use.
    var fakeQuantizedFloat: Tensor<Float>? {
        switch self {
        case .float32(let t): t
        case .int8(let t): Tensor(shape: t.shape, scalars: t.scalars.map(Float.init))
        case .uint8(let t): Tensor(shape: t.shape, scalars: t.scalars.map(Float.init))
        case .int32(let t): Tensor(shape: t.shape, scalars: t.scalars.map(Float.init))
        case .int64: nil
        }
    }
}

extension Graph {
    /// The graph with every DequantizeLinear of constants (the int8 weights and int32 biases of
    /// a QDQ model) replaced by its float result as an initializer. Nodes it cannot decode are
    /// left for ``EagerStep`` to refuse with its message.
    func foldingConstantDequantize() -> Graph {
        var graph = self
        var index = 0
        while index < graph.nodes.count {
            let node = graph.nodes[index]
            let present = node.inputs.filter { !$0.isEmpty }
            guard node.op == .dequantizeLinear, node.outputs.count == 1,
                present.allSatisfy({ graph.initializers[$0] != nil }),
                let x = graph.initializers[node.inputs[0]]?.fakeQuantizedFloat,
                let value = try? graph.dequantizedConstant(node, x)
            else {
                index += 1
                continue
            }
            graph.nodes.remove(at: index)
            graph.setInitializer(node.outputs[0], .float32(value))
        }
        return graph
    }

    private func dequantizedConstant(_ node: Node, _ x: Tensor<Float>) throws -> Tensor<Float> {
        var single = Graph(name: node.name, inputs: [], outputs: node.outputs, nodes: [node])
        for name in node.inputs where !name.isEmpty { single.setInitializer(name, initializers[name]!) }
        let types = try single.inferTypes()
        let step = try EagerStep.make(
            node: node, graph: single, types: types, slot: { _ in 0 }, constant: { _ in 0 })
        guard case .dequantize(let parameters) = step.operation else { return x }
        return DequantizeLinear.forward(x, parameters)
    }
}
