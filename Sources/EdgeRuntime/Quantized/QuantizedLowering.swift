import EdgeGraph
import EdgeKernels
import EdgeTensor

/// Pattern-matches a QDQ graph onto ``QuantizedPlan`` steps (see there for what it maps) and
/// places the int8 activations in one arena by liveness (``ArenaPlanner``).
struct QuantizedLowering {
    /// An int8 activation: its arena buffer and its quantization.
    struct IntValue {
        var buffer: Int
        var scale: Float
        var zeroPoint: Int32
        var shape: Shape
    }

    /// A DequantizeLinear of a constant: the integers and their per-channel scales.
    struct Dequantized {
        var values: [Int]
        var scales: [Float]
        var zeroPoints: [Int]
    }

    let graph: Graph
    let types: [String: TensorType]
    /// The integer kernels the steps are packed for (the portable ones keep the plain steps).
    let kernels: QuantizedKernels
    private(set) var steps: [QuantizedPlan.Step] = []
    /// The graph nodes each step computes, in order.
    private(set) var stepNodes: [[String]] = []
    /// What each step writes.
    private(set) var stepShapes: [Shape] = []
    private(set) var arenaCount = 0
    /// Bytes of scratch the steps need.
    private(set) var scratchCount = 0

    private var ints: [String: IntValue] = [:]
    private var constants: [String: Dequantized] = [:]
    var sizes: [Int] = []
    private var fused: Set<Int> = []
    var pending: [Pending] = []

    /// A step before packing and arena placement; buffers are ids.
    struct Pending {
        var step: QuantizedPlan.Step
        var inputs: [Int]
        var output: Int?
        var nodes: [String]
        var shape: Shape
    }

    init(graph: Graph, types: [String: TensorType], kernels: QuantizedKernels) {
        self.graph = graph
        self.types = types
        self.kernels = kernels
    }

    private func fail(_ node: Node, _ reason: String) -> EngineError {
        .unsupported(node: node.label, reason: "the integer engine cannot map this: \(reason)")
    }

    /// The nodes reading `value`.
    private func readers(_ value: String) -> [Int] {
        graph.nodes.indices.filter { graph.nodes[$0].inputs.contains(value) }
    }

    private mutating func newBuffer(_ size: Int) -> Int {
        sizes.append(size)
        return sizes.count - 1
    }

    private mutating func emit(
        _ step: QuantizedPlan.Step, nodes: [String], shape: Shape, inputs: [Int], output: Int?
    ) {
        pending.append(Pending(step: step, inputs: inputs, output: output, nodes: nodes, shape: shape))
    }

    /// A per-tensor scale and int8 zero point of a Q/DQ node, from constants.
    private func tensorQuantization(_ node: Node) throws(EngineError) -> (scale: Float, zeroPoint: Int32) {
        guard let scale = graph.floatInitializer(node.inputs[1]), scale.count == 1 else {
            throw fail(node, "the scale must be a constant scalar")
        }
        // A file can hold any float here; only a positive, finite, normal scale is a quantization.
        guard scale.scalars[0].isNormal, scale.scalars[0] > 0 else {
            throw fail(node, "the scale \(scale.scalars[0]) is not a positive finite number")
        }
        guard let name = node.input(2), case .int8(let zp)? = graph.initializers[name], zp.count == 1 else {
            throw fail(node, "only int8 activations with a constant zero point are mapped")
        }
        return (scale.scalars[0], Int32(zp.scalars[0]))
    }

    mutating func lower() throws(EngineError) {
        guard graph.inputs.count == 1, graph.outputs.count == 1 else {
            throw .unsupported(node: "graph", reason: "the integer engine runs one input and one output")
        }
        let input = graph.inputs[0].name
        var producedOutput = false
        for (index, node) in graph.nodes.enumerated() where !fused.contains(index) {
            switch node.op {
            case .quantizeLinear:
                let q = try tensorQuantization(node)
                if node.inputs[0] == input {
                    let count = types[input]!.shape.elementCount
                    let buffer = newBuffer(count)
                    emit(
                        .quantize(count: count, scale: q.scale, zeroPoint: q.zeroPoint, output: buffer),
                        nodes: [node.name], shape: types[input]!.shape, inputs: [], output: buffer)
                    ints[node.outputs[0]] = IntValue(
                        buffer: buffer, scale: q.scale, zeroPoint: q.zeroPoint, shape: types[input]!.shape)
                } else if let value = ints[node.inputs[0]], value.scale == q.scale, value.zeroPoint == q.zeroPoint {
                    ints[node.outputs[0]] = value  // requantizing to the same parameters: nothing to do
                } else {
                    throw fail(
                        node,
                        "QuantizeLinear of '\(node.inputs[0])' is neither the input nor an int8 value of the same scale"
                    )
                }
            case .dequantizeLinear:
                if let value = ints[node.inputs[0]] {
                    let q = try tensorQuantization(node)
                    guard q.scale == value.scale, q.zeroPoint == value.zeroPoint else {
                        throw fail(
                            node, "DequantizeLinear parameters differ from the QuantizeLinear that made its input")
                    }
                    if graph.outputs.contains(node.outputs[0]) {
                        // The logits quantized too (onnxruntime's quantize_static does): dequantize them.
                        emit(
                            .dequantize(
                                count: value.shape.elementCount, scale: value.scale, zeroPoint: value.zeroPoint,
                                input: value.buffer), nodes: [node.name], shape: value.shape, inputs: [value.buffer],
                            output: nil)
                        producedOutput = true
                    }
                    ints[node.outputs[0]] = value
                } else if let data = graph.initializers[node.inputs[0]], let integers = data.integerValues,
                    let scales = graph.floatInitializer(node.inputs[1])
                {
                    let zeroPoints = node.input(2).flatMap { graph.initializers[$0]?.integerValues } ?? [0]
                    constants[node.outputs[0]] = Dequantized(
                        values: integers, scales: scales.scalars, zeroPoints: zeroPoints)
                } else {
                    throw fail(
                        node,
                        "DequantizeLinear of '\(node.inputs[0])', which is neither an int8 activation nor a constant")
                }
            case .conv, .gemm:
                producedOutput = try lowerLayer(index) || producedOutput
            case .maxPool:
                guard let value = ints[node.inputs[0]] else { throw fail(node, "MaxPool of a value that is not int8") }
                let window: WindowAttributes
                do { window = try WindowAttributes(node: node) } catch { throw .invalidGraph(error) }
                guard !window.ceilMode, window.dilations == [1, 1] else { throw fail(node, "ceil_mode or dilations") }
                let s = value.shape
                let geometry: Pool2DGeometry
                do {
                    geometry = try Pool2DGeometry(
                        batch: s[0], channels: s[1], inHeight: s[2], inWidth: s[3], kernelHeight: window.kernelShape[0],
                        kernelWidth: window.kernelShape[1], strideHeight: window.strides[0],
                        strideWidth: window.strides[1],
                        padTop: window.pads[0], padLeft: window.pads[1], padBottom: window.pads[2],
                        padRight: window.pads[3])
                } catch { throw .kernel(node: node.label, error) }
                let buffer = newBuffer(geometry.outputCount)
                emit(
                    .maxPool(geometry, input: value.buffer, output: buffer), nodes: [node.name],
                    shape: types[node.outputs[0]]!.shape, inputs: [value.buffer], output: buffer)
                ints[node.outputs[0]] = IntValue(
                    buffer: buffer, scale: value.scale, zeroPoint: value.zeroPoint, shape: types[node.outputs[0]]!.shape
                )
            case .flatten, .reshape, .identity:
                guard var value = ints[node.inputs[0]] else {
                    throw fail(node, "\(node.op) of a value that is not int8")
                }
                value.shape = types[node.outputs[0]]!.shape
                ints[node.outputs[0]] = value
            default:
                throw fail(node, "\(node.op) between quantized layers")
            }
        }
        guard producedOutput else {
            throw .unsupported(
                node: "output '\(graph.outputs[0])'",
                reason: "the integer engine needs the float logits from a Gemm or a DequantizeLinear")
        }
        plan()
    }

    /// Conv or Gemm with dequantized operands, its optional Relu and its QuantizeLinear (or the
    /// graph output). Returns true when it wrote the graph's float output.
    private mutating func lowerLayer(_ index: Int) throws(EngineError) -> Bool {
        let node = graph.nodes[index]
        guard let x = ints[node.inputs[0]] else { throw fail(node, "its input is not an int8 activation") }
        guard let w = constants[node.inputs[1]], w.zeroPoints.allSatisfy({ $0 == 0 }) else {
            throw fail(node, "the weight must be a DequantizeLinear of constant int8 values with zero point 0")
        }
        let weightShape = types[node.inputs[1]]!.shape
        let outChannels = weightShape[0]
        let inFeatures = weightShape.elementCount / outChannels
        guard w.scales.count == outChannels || w.scales.count == 1 else {
            throw fail(node, "weight scales per output channel or per tensor")
        }
        guard w.scales.allSatisfy({ $0.isNormal && $0 > 0 }) else {
            throw fail(node, "the weight scales must be positive finite numbers")
        }
        let weightScale = { (c: Int) -> Float in w.scales.count == 1 ? w.scales[0] : w.scales[c] }
        if node.op == .gemm {
            let options: (Int, Int, Float, Float)
            do {
                options = (
                    try node.int("transA", default: 0), try node.int("transB", default: 0),
                    try node.float("alpha", default: 1), try node.float("beta", default: 1)
                )
            } catch { throw .invalidGraph(error) }
            guard options == (0, 1, 1, 1) else { throw fail(node, "Gemm with transA=0, transB=1, alpha=beta=1 only") }
        }
        var bias = [Int32](repeating: 0, count: outChannels)
        if let name = node.input(2) {
            guard let b = constants[name], b.values.count == outChannels else {
                throw fail(node, "the bias must be a DequantizeLinear of constant int32 values")
            }
            for c in 0..<outChannels {
                let expected = x.scale * weightScale(c)
                let scale = b.scales.count == 1 ? b.scales[0] : b.scales[c]
                guard abs(scale - expected) <= 1e-6 * max(abs(expected), 1e-30) * 10 else {
                    throw fail(node, "bias scale \(scale) is not input scale × weight scale \(expected)")
                }
                bias[c] = Int32(clamping: b.values[c])
            }
        }
        // Optional Relu, then QuantizeLinear or the graph output.
        var output = node.outputs[0]
        var relu = false
        var names = [node.name]
        if readers(output).count == 1, case let next = readers(output)[0], graph.nodes[next].op == .relu {
            fused.insert(next)
            relu = true
            names.append(graph.nodes[next].name)
            output = graph.nodes[next].outputs[0]
        }
        let weights = w.values.map { Int8(clamping: $0) }
        if graph.outputs.contains(output) {
            let layer = QuantizedGemm.Layer(
                outFeatures: outChannels, inFeatures: inFeatures, weights: weights, bias: bias,
                requantization: Array(repeating: Requantization(real: 0), count: outChannels))
            guard node.op == .gemm else { throw fail(node, "a Conv that writes the float output") }
            emit(
                .gemmToFloat(
                    layer, inputZeroPoint: x.zeroPoint, scales: (0..<outChannels).map { x.scale * weightScale($0) },
                    relu: relu, input: x.buffer),
                nodes: names, shape: types[output]!.shape, inputs: [x.buffer], output: nil)
            return true
        }
        let next = readers(output)
        guard next.count == 1, graph.nodes[next[0]].op == .quantizeLinear else {
            throw fail(node, "its output must go to one QuantizeLinear (or be the graph's output)")
        }
        let qNode = graph.nodes[next[0]]
        let q = try tensorQuantization(qNode)
        fused.insert(next[0])
        names.append(qNode.name)
        let reals = (0..<outChannels).map { Double(x.scale) * Double(weightScale($0)) / Double(q.scale) }
        // Requantization represents multipliers in (0, 2^31); anything else is not a sane model.
        guard reals.allSatisfy({ $0 > 0 && $0 < 2_147_483_648 }) else {
            throw fail(node, "the requantization multiplier input·weight/output scale is out of range")
        }
        let layer = QuantizedGemm.Layer(
            outFeatures: outChannels, inFeatures: inFeatures, weights: weights, bias: bias,
            requantization: reals.map { Requantization(real: $0) })
        let out = QuantizedGemm.Output(
            inputZeroPoint: x.zeroPoint, zeroPoint: q.zeroPoint, lower: relu ? max(q.zeroPoint, -128) : -128, upper: 127
        )
        let shape = types[qNode.outputs[0]]!.shape
        let buffer = newBuffer(shape.elementCount)
        if node.op == .conv {
            let s = x.shape
            let window: WindowAttributes
            let group: Int
            do {
                window = try WindowAttributes(node: node, kernelShape: [weightShape[2], weightShape[3]])
                group = try node.int("group", default: 1)
            } catch { throw .invalidGraph(error) }
            guard group == 1 else { throw fail(node, "grouped convolution") }
            let geometry: Conv2DGeometry
            do {
                geometry = try Conv2DGeometry(
                    batch: s[0], inChannels: s[1], inHeight: s[2], inWidth: s[3], outChannels: outChannels,
                    kernelHeight: weightShape[2], kernelWidth: weightShape[3],
                    parameters: Conv2DParameters(
                        strideHeight: window.strides[0], strideWidth: window.strides[1], padTop: window.pads[0],
                        padLeft: window.pads[1], padBottom: window.pads[2], padRight: window.pads[3],
                        dilationHeight: window.dilations[0], dilationWidth: window.dilations[1], groups: 1))
            } catch { throw .kernel(node: node.label, error) }
            emit(
                .conv(geometry, layer, out, input: x.buffer, output: buffer), nodes: names, shape: shape,
                inputs: [x.buffer], output: buffer)
        } else {
            emit(
                .gemm(layer, out, input: x.buffer, output: buffer), nodes: names, shape: shape, inputs: [x.buffer],
                output: buffer)
        }
        ints[qNode.outputs[0]] = IntValue(buffer: buffer, scale: q.scale, zeroPoint: q.zeroPoint, shape: shape)
        return false
    }

    /// Arena offsets by liveness, then the steps with offsets in place of buffer ids.
    private mutating func plan() {
        if kernels != .portable { pack() }
        var uses = [(first: Int, last: Int)](repeating: (Int.max, Int.min), count: sizes.count)
        for (index, entry) in pending.enumerated() {
            for buffer in entry.inputs + (entry.output.map { [$0] } ?? []) {
                uses[buffer] = (min(uses[buffer].first, index), max(uses[buffer].last, index))
            }
        }
        // A buffer no step touches any more (a conv output a fused pool replaced) takes no room.
        let buffers = sizes.indices.map {
            uses[$0].first == Int.max
                ? ArenaPlanner.Buffer(size: 0, firstUse: 0, lastUse: 0)
                : ArenaPlanner.Buffer(size: sizes[$0], firstUse: uses[$0].first, lastUse: uses[$0].last)
        }
        let layout = ArenaPlanner.plan(buffers, alignment: 64)
        arenaCount = layout.size
        let at = layout.offsets
        stepNodes = pending.map(\.nodes)
        stepShapes = pending.map(\.shape)
        scratchCount = 64
        steps = pending.map { entry in
            switch entry.step {
            case .quantize(let count, let scale, let zeroPoint, let output):
                return .quantize(count: count, scale: scale, zeroPoint: zeroPoint, output: at[output])
            case .conv(let g, let layer, let out, let input, let output):
                scratchCount = max(scratchCount, QuantizedConv2D.scratchCount(g))
                return .conv(g, layer, out, input: at[input], output: at[output])
            case .gemm(let layer, let out, let input, let output):
                return .gemm(layer, out, input: at[input], output: at[output])
            case .gemmToFloat(let layer, let zeroPoint, let scales, let relu, let input):
                return .gemmToFloat(layer, inputZeroPoint: zeroPoint, scales: scales, relu: relu, input: at[input])
            case .maxPool(let g, let input, let output):
                return .maxPool(g, input: at[input], output: at[output])
            case .dequantize(let count, let scale, let zeroPoint, let input):
                return .dequantize(count: count, scale: scale, zeroPoint: zeroPoint, input: at[input])
            case .packedConv(let kernel, let input, let output):
                scratchCount = max(scratchCount, kernel.scratchBytes)
                return .packedConv(kernel, input: at[input], output: at[output])
            case .packedGemm(let kernel, let input, let output):
                scratchCount = max(scratchCount, kernel.scratchBytes)
                return .packedGemm(kernel, input: at[input], output: at[output])
            case .packedGemmToFloat(let kernel, let input):
                scratchCount = max(scratchCount, kernel.scratchBytes)
                return .packedGemmToFloat(kernel, input: at[input])
            }
        }
    }
}
