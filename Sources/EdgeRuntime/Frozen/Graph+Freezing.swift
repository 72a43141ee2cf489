import EdgeGraph
import EdgeKernels
import EdgeTensor

/// What ``EdgeGraph/Graph/frozen()`` changed, node by node, for `edge freeze` and reports.
public struct FreezeReport: Sendable, Equatable {
    /// BatchNormalization nodes folded into the convolution before them (`bn1 → conv1`).
    public var foldedBatchNorms: [(batchNorm: String, into: String)] = []
    /// Zero Pad nodes folded into the `pads` of the convolution after them.
    public var foldedPads: [(pad: String, into: String)] = []
    /// Nodes whose inputs were all constant, replaced by their value.
    public var foldedConstants: [String] = []
    /// Identity (and inference Dropout) nodes removed.
    public var removedIdentities: [String] = []
    /// Nodes no graph output depends on, removed.
    public var removedDeadNodes: [String] = []
    /// Initializers nothing reads any more, removed.
    public var removedInitializers: [String] = []

    public init() {}

    public static func == (a: FreezeReport, b: FreezeReport) -> Bool {
        a.foldedBatchNorms.map { [$0.batchNorm, $0.into] } == b.foldedBatchNorms.map { [$0.batchNorm, $0.into] }
            && a.foldedPads.map { [$0.pad, $0.into] } == b.foldedPads.map { [$0.pad, $0.into] }
            && a.foldedConstants == b.foldedConstants && a.removedIdentities == b.removedIdentities
            && a.removedDeadNodes == b.removedDeadNodes && a.removedInitializers == b.removedInitializers
    }
}

extension Graph {
    /// The graph as the frozen deployment ships it: the same function with inference-time
    /// simplifications applied, in this order —
    /// 1. nodes whose inputs are all constant are evaluated (by the eager interpreter) and become
    ///    initializers (Q/DQ nodes are kept: they are the int8 engine's structure);
    /// 2. a BatchNormalization whose input is a convolution's output read by nothing else is
    ///    folded into that convolution's weights and bias (`W·m[c]`, `(B − mean)·m + β`);
    /// 3. a constant-mode Pad that only adds zeros around H and W, read by one convolution and
    ///    nothing else, is folded into that convolution's `pads`;
    /// 4. Identity nodes are removed (their readers read the source);
    /// 5. nodes and initializers no output depends on are removed.
    ///
    /// Graph inputs and outputs keep their names, so a frozen file is a drop-in replacement.
    /// - Throws: `EngineError.invalidGraph` for a graph that does not validate, or what the eager
    ///   interpreter throws while folding a constant node.
    public func frozen() throws(EngineError) -> (graph: Graph, report: FreezeReport) {
        do { try validate() } catch { throw .invalidGraph(error) }
        var graph = self
        var report = FreezeReport()
        try graph.foldConstantNodes(&report)
        graph.foldBatchNorms(&report)
        graph.foldPads(&report)
        graph.removeIdentities(&report)
        graph.removeDeadCode(&report)
        do { try graph.validate() } catch { throw .invalidGraph(error) }
        return (graph, report)
    }

    private var graphInputNames: Set<String> { Set(inputs.map(\.name)) }

    /// How many node inputs read each value.
    private var readers: [String: Int] {
        var count: [String: Int] = [:]
        for node in nodes { for input in node.inputs where !input.isEmpty { count[input, default: 0] += 1 } }
        return count
    }

    /// Makes every reader of `old` read `new` instead.
    private mutating func redirect(_ old: String, to new: String) {
        for index in nodes.indices {
            nodes[index].inputs = nodes[index].inputs.map { $0 == old ? new : $0 }
        }
    }

    /// Makes `source` carry the name `target` (its producer writes `target`, its readers read
    /// `target`), for removing a node between a computed value and a graph output.
    private mutating func rename(_ source: String, to target: String) {
        for index in nodes.indices {
            nodes[index].outputs = nodes[index].outputs.map { $0 == source ? target : $0 }
        }
        redirect(source, to: target)
    }

    /// Removes the node at `index` whose output `output` equals its input `input` in value:
    /// readers of `output` read `input`, or, when `output` is a graph output, `input`'s producer
    /// writes `output` directly. Returns false (and keeps the node) when neither is possible.
    private mutating func bypass(node index: Int, output: String, input: String) -> Bool {
        if !outputs.contains(output) {
            nodes.remove(at: index)
            redirect(output, to: input)
            return true
        }
        // `output` is a graph output: the producer of `input` must be a node, and `input` must not
        // be visible outside (a graph input, an initializer or another graph output).
        guard nodes.contains(where: { $0.outputs.contains(input) }), !outputs.contains(input),
            !graphInputNames.contains(input), initializers[input] == nil
        else { return false }
        nodes.remove(at: index)
        rename(input, to: output)
        return true
    }

    private mutating func foldConstantNodes(_ report: inout FreezeReport) throws(EngineError) {
        var index = 0
        while index < nodes.count {
            let node = nodes[index]
            let present = node.inputs.filter { !$0.isEmpty }
            guard node.op != .quantizeLinear, node.op != .dequantizeLinear, node.outputs.count == 1,
                !present.isEmpty, present.allSatisfy({ initializers[$0] != nil }),
                present.allSatisfy({ initializers[$0]?.elementType == .float32 || node.op == .reshape })
            else {
                index += 1
                continue
            }
            var single = Graph(name: node.name, inputs: [], outputs: node.outputs, nodes: [node])
            for name in present { single.setInitializer(name, initializers[name]!) }
            let value = try EagerInterpreter(graph: single, path: .portable).run([:])[node.outputs[0]]!
            nodes.remove(at: index)
            setInitializer(node.outputs[0], .float32(value))
            report.foldedConstants.append(node.name)
        }
    }

    private mutating func foldBatchNorms(_ report: inout FreezeReport) {
        var index = 0
        while index < nodes.count {
            let bn = nodes[index]
            guard bn.op == .batchNormalization,
                let convIndex = nodes.firstIndex(where: { $0.op == .conv && $0.outputs == [bn.inputs[0]] }),
                readers[bn.inputs[0]] == 1, !outputs.contains(bn.inputs[0]),
                let folded = foldedConvolution(nodes[convIndex], batchNorm: bn)
            else {
                index += 1
                continue
            }
            var conv = nodes[convIndex]
            let weightName = uniqueName(conv.inputs[1], replacing: conv.inputs[1])
            let biasName = conv.input(2).map { uniqueName($0, replacing: $0) } ?? uniqueName(conv.name + ".bias")
            // The BN comes after its conv, so removing it leaves `convIndex` in place.
            guard bypass(node: index, output: bn.outputs[0], input: bn.inputs[0]) else {
                index += 1
                continue
            }
            setInitializer(weightName, .float32(folded.weight))
            setInitializer(biasName, .float32(folded.bias))
            conv.inputs = [conv.inputs[0], weightName, biasName]
            conv.outputs = nodes[convIndex].outputs  // the bypass may have renamed it
            nodes[convIndex] = conv
            report.foldedBatchNorms.append((bn.name, conv.name))
        }
    }

    private mutating func foldPads(_ report: inout FreezeReport) {
        // Folding a pad changes no value's type (the conv's output keeps its shape).
        guard nodes.contains(where: { $0.op == .pad }), let types = try? inferTypes() else { return }
        var index = 0
        while index < nodes.count {
            let pad = nodes[index]
            guard pad.op == .pad, let input = pad.input(0), pad.outputs.count == 1, let rank = types[input]?.shape.rank,
                let amounts = try? PadAttributes(node: pad, graph: self, rank: rank), amounts.isSpatialZeroPad,
                readers[pad.outputs[0]] == 1, !outputs.contains(pad.outputs[0]),
                let convIndex = nodes.firstIndex(where: { $0.op == .conv && $0.input(0) == pad.outputs[0] }),
                let weight = types[nodes[convIndex].inputs[1]]?.shape, weight.rank == 4,
                let window = try? WindowAttributes(node: nodes[convIndex], kernelShape: [weight[2], weight[3]])
            else {
                index += 1
                continue
            }
            var conv = nodes[convIndex]
            let p = window.pads
            // ONNX order: begins (top, left) then ends (bottom, right); NCHW pads H at axis 2, W at 3.
            conv.attributes["pads"] = .ints([
                p[0] + amounts.begins[2], p[1] + amounts.begins[3], p[2] + amounts.ends[2], p[3] + amounts.ends[3],
            ])
            conv.attributes["auto_pad"] = nil  // NOTSET or VALID: both mean the explicit pads
            conv.inputs[0] = input
            nodes[convIndex] = conv
            nodes.remove(at: index)
            report.foldedPads.append((pad.name, conv.name))
        }
    }

    /// `name` when no value has it yet, or when the only reader of the value `name` is the node
    /// being rewritten (`replacing`): then the initializer is replaced in place and keeps its
    /// name (`conv1.weight` stays `conv1.weight`). Otherwise `name_folded`, `name_folded2`, ….
    private func uniqueName(_ name: String, replacing: String? = nil) -> String {
        let taken = { (candidate: String) -> Bool in
            self.initializers[candidate] != nil || self.graphInputNames.contains(candidate)
                || self.nodes.contains { $0.outputs.contains(candidate) }
        }
        if !taken(name) || (replacing == name && readers[name] == 1) { return name }
        var candidate = name + "_folded"
        var suffix = 2
        while taken(candidate) {
            candidate = name + "_folded\(suffix)"
            suffix += 1
        }
        return candidate
    }

    /// The convolution's weight and bias with `batchNorm` applied, or nil when an operand is
    /// not a float constant of the expected shape.
    private func foldedConvolution(_ conv: Node, batchNorm bn: Node) -> (weight: Tensor<Float>, bias: Tensor<Float>)? {
        guard let weight = floatInitializer(conv.inputs[1]), weight.shape.rank == 4 else { return nil }
        let channels = weight.shape[0]
        let operands = bn.inputs.dropFirst().map { floatInitializer($0) }
        guard operands.count == 4, operands.allSatisfy({ $0?.shape == [channels] }) else { return nil }
        var bias = Tensor<Float>(shape: [channels], scalars: [Float](repeating: 0, count: channels))
        if let name = conv.input(2) {
            guard let given = floatInitializer(name), given.shape == [channels] else { return nil }
            bias = given
        }
        let epsilon: Float
        do { epsilon = try bn.float("epsilon", default: 1e-5) } catch { return nil }
        let (scale, beta, mean, variance) = (operands[0]!, operands[1]!, operands[2]!, operands[3]!)
        var multiplier = [Float](repeating: 0, count: channels)
        var offset = [Float](repeating: 0, count: channels)
        scale.withUnsafeBufferPointer { s in
            beta.withUnsafeBufferPointer { b in
                mean.withUnsafeBufferPointer { m in
                    variance.withUnsafeBufferPointer { v in
                        BatchNorm.foldedCoefficients(
                            channels: channels, scale: s.baseAddress!, bias: b.baseAddress!, mean: m.baseAddress!,
                            variance: v.baseAddress!, epsilon: epsilon, multiplier: &multiplier, offset: &offset)
                    }
                }
            }
        }
        let perChannel = weight.count / channels
        let w = weight.scalars
        let foldedWeight = (0..<weight.count).map { w[$0] * multiplier[$0 / perChannel] }
        let b = bias.scalars
        let foldedBias = (0..<channels).map { b[$0] * multiplier[$0] + offset[$0] }
        return (Tensor(shape: weight.shape, scalars: foldedWeight), Tensor(shape: [channels], scalars: foldedBias))
    }

    private mutating func removeIdentities(_ report: inout FreezeReport) {
        var index = 0
        while index < nodes.count {
            let node = nodes[index]
            guard node.op == .identity, let input = node.input(0), node.outputs.count == 1,
                bypass(node: index, output: node.outputs[0], input: input)
            else {
                index += 1
                continue
            }
            report.removedIdentities.append(node.name)
        }
    }

    private mutating func removeDeadCode(_ report: inout FreezeReport) {
        var needed = Set(outputs)
        var kept: [Node] = []
        for node in nodes.reversed() {
            if node.outputs.contains(where: needed.contains) {
                kept.append(node)
                for input in node.inputs where !input.isEmpty { needed.insert(input) }
            } else {
                report.removedDeadNodes.append(node.name)
            }
        }
        nodes = kept.reversed()
        report.removedDeadNodes.reverse()
        for name in initializerNames where !needed.contains(name) {
            removeInitializer(name)
            report.removedInitializers.append(name)
        }
    }
}
