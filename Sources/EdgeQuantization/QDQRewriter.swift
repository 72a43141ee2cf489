import EdgeGraph
import EdgeTensor

/// Writes the QDQ graph: QuantizeLinear → DequantizeLinear after each quantized activation's
/// producer, DequantizeLinear in front of each layer's int8 weight and int32 bias, consumers
/// reading the dequantized values. Names derive from the float graph's (`relu1_quantized`,
/// `conv1.weight_scale`, …), so the output is deterministic and readable in Netron.
struct QDQRewriter {
    let graph: Graph
    let analysis: GraphAnalysis
    let parameters: [String: ActivationQuantization]

    /// int8 weights use −127…127, so `−w` is representable and u8×s8 products cannot saturate.
    static let weightRange: Float = 127

    func rewrite() throws(QuantizationError) -> (graph: Graph, layers: [QuantizedLayer]) {
        var out = Graph(name: graph.name, inputs: graph.inputs, outputs: graph.outputs)
        let replaced = Set(analysis.quantizedTensors)
        func dequantized(_ name: String) -> String { replaced.contains(name) ? name + "_dequantized" : name }
        var initializers: [(String, TensorData)] = []
        var nodes: [Node] = []
        var layers: [QuantizedLayer] = []
        var removed: Set<String> = []

        func quantizeActivation(_ name: String) {
            let p = parameters[name]!
            let zero: TensorData =
                p.type == .int8
                ? .int8(Tensor(shape: [], scalars: [Int8(p.zeroPoint)]))
                : .uint8(Tensor(shape: [], scalars: [UInt8(p.zeroPoint)]))
            initializers.append((name + "_scale", .float32(Tensor(shape: [], scalars: [p.scale]))))
            initializers.append((name + "_zero_point", zero))
            nodes.append(
                Node(
                    name: name + "_QuantizeLinear", op: .quantizeLinear,
                    inputs: [name, name + "_scale", name + "_zero_point"], outputs: [name + "_quantized"]))
            nodes.append(
                Node(
                    name: name + "_DequantizeLinear", op: .dequantizeLinear,
                    inputs: [name + "_quantized", name + "_scale", name + "_zero_point"],
                    outputs: [name + "_dequantized"]))
        }

        let input = graph.inputs[0].name
        if replaced.contains(input) { quantizeActivation(input) }
        let layerAt = Dictionary(uniqueKeysWithValues: analysis.layers.map { ($0.nodeIndex, $0) })
        for (index, original) in graph.nodes.enumerated() {
            var node = original
            node.inputs = node.inputs.map { $0.isEmpty ? $0 : dequantized($0) }
            if let layer = layerAt[index] {
                let weightName = original.inputs[1]
                let weight = graph.floatInitializer(weightName)!
                let (q, scales) = Self.quantizeWeight(weight, axis: layer.weightAxis)
                initializers.append((weightName + "_quantized", .int8(q)))
                initializers.append((weightName + "_scale", .float32(Tensor(shape: [scales.count], scalars: scales))))
                initializers.append(
                    (weightName + "_zero_point", .int8(Tensor(shape: [scales.count], repeating: 0))))
                nodes.append(
                    Node(
                        name: weightName + "_DequantizeLinear", op: .dequantizeLinear,
                        inputs: [weightName + "_quantized", weightName + "_scale", weightName + "_zero_point"],
                        outputs: [weightName + "_dequantized"], attributes: ["axis": .int(layer.weightAxis)]))
                node.inputs[1] = weightName + "_dequantized"
                removed.insert(weightName)
                var biasQuantized = false
                if let biasName = original.input(2), let bias = graph.floatInitializer(biasName), bias.rank == 1,
                    bias.count == scales.count
                {
                    let inputScale = parameters[layer.input]!.scale
                    let biasScales = scales.map { inputScale * $0 }
                    let qb = Tensor<Int32>(
                        shape: bias.shape,
                        scalars: zip(bias.scalars, biasScales).map { b, s in
                            Int32(clamping: Int64((b / s).rounded(.toNearestOrEven)))
                        })
                    initializers.append((biasName + "_quantized", .int32(qb)))
                    initializers.append(
                        (biasName + "_scale", .float32(Tensor(shape: [scales.count], scalars: biasScales))))
                    initializers.append(
                        (biasName + "_zero_point", .int32(Tensor(shape: [scales.count], repeating: 0))))
                    nodes.append(
                        Node(
                            name: biasName + "_DequantizeLinear", op: .dequantizeLinear,
                            inputs: [biasName + "_quantized", biasName + "_scale", biasName + "_zero_point"],
                            outputs: [biasName + "_dequantized"], attributes: ["axis": .int(0)]))
                    node.inputs[2] = biasName + "_dequantized"
                    removed.insert(biasName)
                    biasQuantized = true
                }
                layers.append(
                    QuantizedLayer(
                        node: original.name, op: original.op, fusedActivation: layer.relu?.name, input: layer.input,
                        output: layer.output, outputQuantized: layer.outputQuantized, weightScales: scales,
                        weightAxis: layer.weightAxis, biasQuantized: biasQuantized))
            }
            nodes.append(node)
            for output in original.outputs where replaced.contains(output) { quantizeActivation(output) }
        }
        // Graph outputs read the float values they always did (a quantized one never is an output).
        let stillRead = Set(nodes.flatMap(\.inputs))
        for name in graph.initializerNames where !(removed.contains(name) && !stillRead.contains(name)) {
            out.setInitializer(name, graph.initializers[name]!)
        }
        for (name, data) in initializers { out.setInitializer(name, data) }
        out.nodes = nodes
        do { _ = try out.inferTypes() } catch {
            throw QuantizationError("\(graph.name): the quantized graph does not validate: \(error)")
        }
        return (out, layers)
    }

    /// Symmetric int8 per channel along `axis`: `scale = max |w| / 127`, `q = round(w / scale)`.
    static func quantizeWeight(_ weight: Tensor<Float>, axis: Int) -> (Tensor<Int8>, [Float]) {
        let dims = weight.shape.dims
        let channels = dims[axis]
        let inner = dims[(axis + 1)...].reduce(1, *)
        let w = weight.scalars
        var maxima = [Float](repeating: 0, count: channels)
        for (index, value) in w.enumerated() {
            let c = (index / inner) % channels
            maxima[c] = max(maxima[c], abs(value))
        }
        let scales = maxima.map { $0 > 0 ? $0 / weightRange : 1 }
        var q = [Int8](repeating: 0, count: w.count)
        for (index, value) in w.enumerated() {
            let r = (value / scales[(index / inner) % channels]).rounded(.toNearestOrEven)
            q[index] = Int8(min(max(r, -weightRange), weightRange))
        }
        return (Tensor(shape: weight.shape, scalars: q), scales)
    }
}
