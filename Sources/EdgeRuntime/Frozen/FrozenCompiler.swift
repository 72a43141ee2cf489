import EdgeGraph
import EdgeKernels
import EdgeTensor

/// Turns a frozen graph into ``FrozenStep``s, a weight pool and an arena layout (the `Prepare`
/// half of the frozen engine; ``FrozenPlan/execute(arena:scratch:)`` is the `Eval` half).
///
/// Attributes are decoded by the same code as the eager engine's (``EagerStep``), so both engines
/// accept and refuse the same graphs.
struct FrozenCompiler {
    /// Input channels below which a 3×3 stride-1 conv stays direct: with few channels the
    /// Winograd GEMMs are too thin to pay for the transforms (measured: DigitCNN's conv1, 1 channel).
    static let winogradMinChannels = 8

    /// One value of the plan: a graph value, or a constant the compiler prepared.
    struct Value {
        var name: String
        var shape: Shape
        /// Float contents of a constant.
        var constant: Tensor<Float>?
        /// For a view (Flatten, Reshape, Identity): the value whose storage it shares.
        var viewOf: Int?
    }

    /// A step before locations are assigned: value ids instead of offsets.
    struct Draft {
        var names: [String]
        var ops: [String]
        var kernel: FrozenStep.Kernel
        var operands: [Int?]
        var output: Int
    }

    let graph: Graph
    let types: [String: TensorType]
    private(set) var values: [Value] = []
    private var ids: [String: Int] = [:]
    private var drafts: [Draft] = []

    private(set) var steps: [FrozenStep] = []
    private(set) var arenaCount = 0
    private(set) var scratchCount = 0
    private(set) var inputLocations: [(name: String, location: FrozenLocation, shape: Shape)] = []
    private(set) var outputLocations: [(name: String, location: FrozenLocation, shape: Shape)] = []
    private var weightOffsets: [Int: Int] = [:]
    private var weightCount = 0

    init(graph: Graph, types: [String: TensorType]) {
        self.graph = graph
        self.types = types
    }

    mutating func compile() throws(EngineError) {
        for input in graph.inputs { _ = id(input.name) }
        for node in graph.nodes { try decode(node) }
        fuseResiduals()
        fuseActivations()
        fusePools()
        assignLocations()
    }

    // MARK: Values

    private mutating func id(_ name: String) -> Int {
        if let existing = ids[name] { return existing }
        ids[name] = values.count
        values.append(
            Value(name: name, shape: types[name]?.shape ?? [], constant: graph.floatInitializer(name), viewOf: nil))
        return values.count - 1
    }

    private mutating func constant(_ tensor: Tensor<Float>, name: String) -> Int {
        values.append(Value(name: name, shape: tensor.shape, constant: tensor, viewOf: nil))
        return values.count - 1
    }

    /// The value whose storage `id` uses (itself unless it is a view).
    private func root(_ id: Int) -> Int {
        var current = id
        while let next = values[current].viewOf { current = next }
        return current
    }

    // MARK: Decoding

    private mutating func decode(_ node: Node) throws(EngineError) {
        func unsupported(_ reason: String) -> EngineError { .unsupported(node: node.label, reason: reason) }
        // The eager engine runs Q/DQ in float (fake quantization, the oracle); the frozen plan
        // is float-only on purpose, so an int8 graph goes to the quantized variant.
        if node.op == .quantizeLinear || node.op == .dequantizeLinear {
            throw unsupported("\(node.op) is int8 arithmetic; run this model with --variant quantized")
        }
        var slotOf: [String: Int] = [:]
        var prepared: [Tensor<Float>] = []
        // EagerStep numbers operands through these callbacks; prepared constants get negative
        // slots so they can be told apart from graph values below.
        let step = try EagerStep.make(
            node: node, graph: graph, types: types,
            slot: { name in
                slotOf[name] = slotOf[name] ?? slotOf.count
                return slotOf[name]!
            },
            constant: { tensor in
                prepared.append(tensor)
                return -prepared.count
            })
        let names = slotOf.sorted { $0.value < $1.value }.map(\.key)
        var operands: [Int?] = []
        for slot in step.inputs {
            guard let slot else {
                operands.append(nil)
                continue
            }
            operands.append(
                slot < 0 ? constant(prepared[-slot - 1], name: "\(node.name)/prepared\(-slot)") : id(names[slot]))
        }
        // Conv's bias is optional in the node; the step always has the slot (nil when absent).
        if case .conv = step.operation, operands.count < 3 { operands.append(nil) }
        let output = id(node.outputs[0])
        let outShape = values[output].shape
        func shape(_ index: Int) -> Shape { values[operands[index]!].shape }
        if case .batchNormalization = step.operation,
            !(1...4).allSatisfy({ operands[$0].map { values[$0].constant != nil } ?? false })
        {
            throw unsupported("BatchNormalization needs constant scale, B, mean and var in the frozen engine")
        }
        let kernel: FrozenStep.Kernel
        do throws(KernelError) {
            switch step.operation {
            case .reshape, .identity:
                values[output].viewOf = operands[0]!
                return
            case .conv(let parameters):
                let (x, w) = (shape(0), shape(1))
                let geometry = try Conv2DGeometry(
                    batch: x[0], inChannels: x[1], inHeight: x[2], inWidth: x[3], outChannels: w[0],
                    kernelHeight: w[2], kernelWidth: w[3], parameters: parameters)
                if let winograd = Conv2DWinograd(geometry), geometry.inChannels >= FrozenCompiler.winogradMinChannels,
                    let weight = values[operands[1]!].constant
                {
                    var packed = [Float](repeating: 0, count: winograd.packedWeightCount)
                    weight.withUnsafeBufferPointer { w in winograd.packWeights(w.baseAddress!, into: &packed) }
                    operands[1] = constant(
                        Tensor(shape: [16, geometry.inChannels, geometry.outChannels], scalars: packed),
                        name: "\(node.name)/winograd")
                    scratchCount = max(scratchCount, winograd.scratchCount)
                    kernel = .winograd(winograd, .none, pooled: false)
                } else if let direct = Conv2DDirect3x3(geometry),
                    geometry.inChannels < FrozenCompiler.winogradMinChannels
                {
                    scratchCount = max(scratchCount, direct.scratchCount)
                    kernel = .direct(direct, .none, pooled: false)
                } else {
                    scratchCount = max(scratchCount, geometry.forwardScratchCount)
                    kernel = .conv(geometry, .none)
                }
            case .batchNormalization(let epsilon):
                let constants = (1...4).map { operands[$0].flatMap { values[$0].constant } }
                let x = shape(0)
                let channels = x[1]
                var multiplier = [Float](repeating: 0, count: channels)
                var offset = [Float](repeating: 0, count: channels)
                let c = constants.map { $0!.scalars }
                BatchNorm.foldedCoefficients(
                    channels: channels, scale: c[0], bias: c[1], mean: c[2], variance: c[3], epsilon: epsilon,
                    multiplier: &multiplier, offset: &offset)
                operands = [
                    operands[0],
                    constant(Tensor(shape: [channels], scalars: multiplier), name: "\(node.name)/multiplier"),
                    constant(Tensor(shape: [channels], scalars: offset), name: "\(node.name)/offset"),
                ]
                kernel = .affine(batch: x[0], channels: channels, spatial: x.elementCount / max(x[0] * channels, 1))
            case .relu:
                kernel = .relu(count: outShape.elementCount)
            case .maxPool(let parameters):
                let x = shape(0)
                kernel = .maxPool(
                    try Pool2DGeometry(
                        batch: x[0], channels: x[1], inHeight: x[2], inWidth: x[3], parameters: parameters))
            case .averagePool(let parameters, let countIncludePad):
                let x = shape(0)
                kernel = .averagePool(
                    try Pool2DGeometry(
                        batch: x[0], channels: x[1], inHeight: x[2], inWidth: x[3], parameters: parameters),
                    countIncludePad: countIncludePad)
            case .globalAveragePool:
                let x = shape(0)
                kernel = .globalAveragePool(batch: x[0], channels: x[1], spatial: x[2] * x[3])
            case .linear:
                let (x, w) = (shape(0), shape(1))
                kernel = .linear(batch: x[0], inFeatures: x[1], outFeatures: w[0], .none)
            case .add(let geometry):
                kernel = .add(geometry)
            case .mul(let geometry):
                kernel = .mul(geometry)
            case .clip(let lower, let upper):
                kernel = .clip(count: outShape.elementCount, lower: lower, upper: upper)
            case .leakyRelu(let alpha):
                kernel = .leakyRelu(count: outShape.elementCount, alpha: alpha)
            case .sigmoid:
                kernel = .sigmoid(count: outShape.elementCount)
            case .hardSigmoid(let alpha, let beta):
                kernel = .hardSigmoid(count: outShape.elementCount, alpha: alpha, beta: beta)
            case .hardSwish:
                kernel = .hardSwish(count: outShape.elementCount)
            case .pad(let geometry, let value):
                kernel = .pad(geometry, value: value)
            case .concat(let geometry):
                kernel = .concat(geometry)
            case .transpose(let geometry):
                kernel = .transpose(geometry)
            case .quantize, .dequantize:
                preconditionFailure("QuantizeLinear and DequantizeLinear are refused before decoding")
            case .softmax:
                let columns = outShape.dims.last ?? 1
                kernel = .softmax(rows: outShape.elementCount / max(columns, 1), columns: columns)
            }
        } catch {
            throw .kernel(node: node.label, error)
        }
        drafts.append(
            Draft(names: [node.name], ops: [node.op.rawValue], kernel: kernel, operands: operands, output: output))
    }

    // MARK: Fusion

    /// How many reads each value has: step operands, views, and graph outputs.
    private func readCounts() -> [Int] {
        var reads = [Int](repeating: 0, count: values.count)
        for draft in drafts { for case let operand? in draft.operands { reads[operand] += 1 } }
        for value in values { if let source = value.viewOf { reads[source] += 1 } }
        for name in graph.outputs { if let id = ids[name] { reads[id] += 1 } }
        return reads
    }

    /// The epilogue activation an activation step computes, or nil when it is not one.
    private static func epilogue(_ kernel: FrozenStep.Kernel) -> FusedActivation? {
        switch kernel {
        case .relu: .relu
        case .clip(_, let lower, let upper):
            lower == 0 && upper == .infinity ? .relu : .clip(lower: lower, upper: upper)
        case .leakyRelu(_, let alpha): .leakyRelu(alpha: alpha)
        case .hardSwish: .hardSwish
        default: nil
        }
    }

    /// A ReLU, Clip, LeakyRelu or HardSwish reading only a convolution's or linear layer's
    /// output moves into that kernel's epilogue: one pass over the output instead of two, and no
    /// buffer for the value before the activation.
    private mutating func fuseActivations() {
        var index = 0
        while index < drafts.count {
            let step = drafts[index]
            guard let activation = Self.epilogue(step.kernel), let source = step.operands[0],
                let producer = drafts.firstIndex(where: { $0.output == source }),
                readCounts()[source] == 1
            else {
                index += 1
                continue
            }
            var fused = drafts[producer]
            switch fused.kernel {
            case .conv(let geometry, .none): fused.kernel = .conv(geometry, activation)
            case .winograd(let winograd, .none, false): fused.kernel = .winograd(winograd, activation, pooled: false)
            case .direct(let direct, .none, false): fused.kernel = .direct(direct, activation, pooled: false)
            case .linear(let batch, let inFeatures, let outFeatures, .none):
                fused.kernel = .linear(batch: batch, inFeatures: inFeatures, outFeatures: outFeatures, activation)
            default:
                index += 1
                continue
            }
            absorb(index, into: producer, kernel: fused.kernel)
        }
    }

    /// An Add without broadcasting, one of whose operands is a convolution's output read by
    /// nothing else, moves into that convolution's epilogue (a ResNet block's `conv + shortcut`):
    /// the other operand becomes the convolution's residual. The fused step takes the Add's place,
    /// so a shortcut computed after the convolution is ready when it runs.
    private mutating func fuseResiduals() {
        var index = 0
        while index < drafts.count {
            let add = drafts[index]
            guard case .add(let geometry) = add.kernel, let a = add.operands[0], let b = add.operands[1],
                values[a].shape == geometry.outputShape, values[b].shape == geometry.outputShape, a != b
            else {
                index += 1
                continue
            }
            let reads = readCounts()
            let candidates = [(a, b), (b, a)].compactMap { (conv, residual) -> (Int, Int)? in
                guard reads[conv] == 1, let producer = drafts.firstIndex(where: { $0.output == conv }),
                    drafts[producer].operands.count == 3
                else { return nil }
                switch drafts[producer].kernel {
                case .conv(_, .none), .winograd(_, .none, false), .direct(_, .none, false): return (producer, residual)
                default: return nil
                }
            }
            guard let (producer, residual) = candidates.first else {
                index += 1
                continue
            }
            var fused = drafts[producer]
            fused.operands.append(residual)
            fused.names += add.names
            fused.ops += add.ops
            fused.output = add.output
            drafts[index] = fused
            drafts.remove(at: producer)
        }
    }

    /// Replaces the producer's kernel with `kernel` (which now also computes draft `index`) and
    /// removes draft `index`: the producer takes over its names, operators and output.
    private mutating func absorb(_ index: Int, into producer: Int, kernel: FrozenStep.Kernel) {
        let absorbed = drafts[index]
        drafts[producer].kernel = kernel
        drafts[producer].names += absorbed.names
        drafts[producer].ops += absorbed.ops
        drafts[producer].output = absorbed.output
        drafts.remove(at: index)
    }

    /// A 2×2 stride-2 unpadded max pool reading only a Winograd or direct 3×3 convolution's
    /// output (after its ReLU, if any) moves into that convolution's epilogue (for Winograd each
    /// 2×2 output tile is one pooling window), so the unpooled activation is never written.
    private mutating func fusePools() {
        var index = 0
        while index < drafts.count {
            let pool = drafts[index]
            guard case .maxPool(let window) = pool.kernel, window.kernelHeight == 2, window.kernelWidth == 2,
                window.strideHeight == 2, window.strideWidth == 2,
                [window.padTop, window.padLeft, window.padBottom, window.padRight] == [0, 0, 0, 0],
                let source = pool.operands[0], let producer = drafts.firstIndex(where: { $0.output == source }),
                readCounts()[source] == 1, drafts[producer].operands.count == 3
            else {
                index += 1
                continue
            }
            switch drafts[producer].kernel {
            // Only ReLU (or nothing) runs inside the pooled epilogues.
            case .winograd(let winograd, let activation, false)
            where winograd.canFuseMaxPool2x2 && activation.isNativeEpilogue:
                absorb(index, into: producer, kernel: .winograd(winograd, activation, pooled: true))
            case .direct(let direct, let activation, false)
            where direct.canFuseMaxPool2x2 && activation.isNativeEpilogue:
                absorb(index, into: producer, kernel: .direct(direct, activation, pooled: true))
            default:
                index += 1
            }
        }
    }

    // MARK: Locations

    private mutating func assignLocations() {
        // One arena buffer per root value that is not a constant: graph inputs and step outputs.
        var bufferOf: [Int: Int] = [:]
        var buffers: [ArenaPlanner.Buffer] = []
        func touch(_ id: Int, at step: Int) {
            let value = root(id)
            guard values[value].constant == nil else { return }
            if let buffer = bufferOf[value] {
                buffers[buffer].firstUse = min(buffers[buffer].firstUse, step)
                buffers[buffer].lastUse = max(buffers[buffer].lastUse, step)
            } else {
                bufferOf[value] = buffers.count
                buffers.append(
                    ArenaPlanner.Buffer(size: values[value].shape.elementCount, firstUse: step, lastUse: step))
            }
        }
        for input in graph.inputs { touch(ids[input.name]!, at: -1) }
        for (index, draft) in drafts.enumerated() {
            for case let operand? in draft.operands { touch(operand, at: index) }
            touch(draft.output, at: index)
        }
        for name in graph.outputs { touch(ids[name]!, at: Int.max) }
        let layout = ArenaPlanner.plan(buffers)
        assert(ArenaPlanner.isValid(layout, for: buffers))
        arenaCount = layout.size

        func location(_ id: Int) -> FrozenLocation {
            let value = root(id)
            if values[value].constant != nil {
                if weightOffsets[value] == nil {
                    weightOffsets[value] = weightCount
                    weightCount += (values[value].shape.elementCount + 15) / 16 * 16
                }
                return .weights(weightOffsets[value]!)
            }
            return .arena(layout.offsets[bufferOf[value]!])
        }
        steps = drafts.map { draft in
            FrozenStep(
                name: draft.names.joined(separator: "+"), op: draft.ops.joined(separator: "+"), kernel: draft.kernel,
                operands: draft.operands.map { $0.map(location) }, output: location(draft.output),
                outputShape: values[draft.output].shape,
                nodes: draft.names)
        }
        inputLocations = graph.inputs.map { ($0.name, location(ids[$0.name]!), $0.type.shape) }
        outputLocations = graph.outputs.map { ($0, location(ids[$0]!), values[ids[$0]!].shape) }
    }

    /// The weight pool: every constant a step or output reads, at the offset
    /// `assignLocations()` gave it.
    func weightPool() -> FrozenBuffer {
        let pool = FrozenBuffer(count: weightCount)
        for (value, offset) in weightOffsets {
            values[value].constant!.withUnsafeBufferPointer { w in
                (pool.base + offset).update(from: w.baseAddress!, count: w.count)
            }
        }
        return pool
    }
}
