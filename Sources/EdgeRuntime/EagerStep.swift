import EdgeGraph
import EdgeKernels
import EdgeTensor

/// One graph node as the eager interpreter runs it: the operator with its attributes decoded
/// once (as a PyTorch module keeps its hyper-parameters), and its operands as value slots.
struct EagerStep: Sendable {
    enum Operation: Sendable {
        case conv(Conv2DParameters)
        case batchNormalization(epsilon: Float)
        case relu
        case maxPool(Pool2DParameters)
        case averagePool(Pool2DParameters, countIncludePad: Bool)
        case globalAveragePool
        /// Flatten and Reshape: a view with a new shape, no copy, no kernel.
        case reshape(Shape)
        /// `input · weightᵀ + bias`, weight `[out, in]` (Gemm, or MatMul with a constant B).
        case linear
        /// Add and Mul with numpy broadcasting, the index arithmetic prepared once.
        case add(BroadcastGeometry)
        case mul(BroadcastGeometry)
        case clip(lower: Float, upper: Float)
        case leakyRelu(alpha: Float)
        case sigmoid
        case hardSigmoid(alpha: Float, beta: Float)
        case hardSwish
        /// Pad: the border arithmetic prepared once; `value` fills constant mode.
        case pad(PadGeometry, value: Float)
        case concat(ConcatGeometry)
        case transpose(TransposeGeometry)
        case softmax
        case identity
        /// QuantizeLinear in float: the integer result held as a float (fake quantization).
        case quantize(AffineQuantization)
        /// DequantizeLinear of integer values held as floats.
        case dequantize(AffineQuantization)
    }

    let node: String
    let operation: Operation
    /// Slot of each operand (input 0 first); nil for an omitted optional input.
    let inputs: [Int?]
    let output: Int
    /// Slots whose values are dead after this step (freed, as PyTorch drops a reference).
    var releases: [Int] = []
}

extension EagerStep {
    /// Decodes `node` for the interpreter.
    /// - Parameters:
    ///   - types: static types from `Graph.inferTypes()`.
    ///   - slot: the slot of a value name.
    ///   - constant: registers a prepared constant tensor and returns its slot (used to store a
    ///     Gemm/MatMul weight in the `[out, in]` layout the linear kernel reads).
    /// - Throws: `EngineError.unsupported` for attributes or operand kinds the eager engine
    ///   does not implement.
    static func make(
        node: Node, graph: Graph, types: [String: TensorType], slot: (String) -> Int,
        constant: (Tensor<Float>) -> Int
    ) throws(EngineError) -> EagerStep {
        func unsupported(_ reason: String) -> EngineError { .unsupported(node: node.label, reason: reason) }
        func attribute<T>(_ body: () throws(GraphError) -> T) throws(EngineError) -> T {
            do { return try body() } catch { throw .invalidGraph(error) }
        }
        // Reshape's shape and Pad's pads operands are read here, never computed on; everything else must be
        // float32, the only element type the eager kernels compute on.
        let computed = node.op == .reshape || node.op == .pad ? Array(node.inputs.prefix(1)) : node.inputs
        for name in computed where !name.isEmpty {
            if let type = types[name], type.elementType != .float32, node.op != .quantizeLinear,
                node.op != .dequantizeLinear
            {
                throw unsupported("input '\(name)' is \(type.elementType); the eager engine computes on float32 only")
            }
        }
        let inputs: [Int?] = node.inputs.map { $0.isEmpty ? nil : slot($0) }
        var stepInputs = inputs
        let operation: Operation
        switch node.op {
        case .conv:
            let weight = types[node.inputs[1]]!.shape
            let window = try attribute { () throws(GraphError) in
                try WindowAttributes(node: node, kernelShape: [weight[2], weight[3]])
            }
            let group = try attribute { () throws(GraphError) in try node.int("group", default: 1) }
            operation = .conv(
                Conv2DParameters(
                    strideHeight: window.strides[0], strideWidth: window.strides[1], padTop: window.pads[0],
                    padLeft: window.pads[1], padBottom: window.pads[2], padRight: window.pads[3],
                    dilationHeight: window.dilations[0], dilationWidth: window.dilations[1], groups: group))
        case .batchNormalization:
            operation = .batchNormalization(
                epsilon: try attribute { () throws(GraphError) in try node.float("epsilon", default: 1e-5) })
        case .relu:
            operation = .relu
        case .maxPool, .averagePool:
            let window = try attribute { () throws(GraphError) in try WindowAttributes(node: node) }
            guard !window.ceilMode else { throw unsupported("ceil_mode=1 pooling is not implemented") }
            guard window.dilations == [1, 1] else { throw unsupported("dilated pooling is not implemented") }
            let parameters = Pool2DParameters(
                kernelHeight: window.kernelShape[0], kernelWidth: window.kernelShape[1],
                strideHeight: window.strides[0], strideWidth: window.strides[1],
                padTop: window.pads[0], padLeft: window.pads[1], padBottom: window.pads[2], padRight: window.pads[3])
            if node.op == .maxPool {
                operation = .maxPool(parameters)
            } else {
                let include = try attribute { () throws(GraphError) in try node.int("count_include_pad", default: 0) }
                operation = .averagePool(parameters, countIncludePad: include != 0)
            }
        case .globalAveragePool:
            operation = .globalAveragePool
        case .flatten, .reshape:
            operation = .reshape(types[node.outputs[0]]!.shape)
            stepInputs = [inputs[0]]
        case .gemm:
            let (weight, bias) = try linearOperands(node: node, graph: graph, types: types, unsupported: unsupported)
            operation = .linear
            stepInputs = [inputs[0], constant(weight), bias.map(constant)]
        case .matMul:
            guard let b = graph.floatInitializer(node.inputs[1]) else {
                throw unsupported("MatMul needs a constant B (initializer) in the eager engine")
            }
            operation = .linear
            stepInputs = [inputs[0], constant(b.transposed().contiguous()), nil]
        case .add, .mul:
            let geometry: BroadcastGeometry
            do {
                geometry = try BroadcastGeometry(a: types[node.inputs[0]]!.shape, b: types[node.inputs[1]]!.shape)
            } catch {
                throw unsupported("\(error)")
            }
            operation = node.op == .add ? .add(geometry) : .mul(geometry)
        case .clip:
            func bound(_ index: Int, _ unbounded: Float) throws(EngineError) -> Float {
                guard let name = node.input(index) else { return unbounded }
                guard let value = graph.floatInitializer(name), value.count == 1 else {
                    throw unsupported("Clip needs constant float32 scalar bounds; input '\(name)' is not one")
                }
                return value.scalars[0]
            }
            operation = .clip(lower: try bound(1, -.infinity), upper: try bound(2, .infinity))
            stepInputs = [inputs[0]]
        case .leakyRelu:
            operation = .leakyRelu(
                alpha: try attribute { () throws(GraphError) in
                    try node.float("alpha", default: LeakyReLU.defaultAlpha)
                })
        case .sigmoid:
            operation = .sigmoid
        case .hardSigmoid:
            operation = .hardSigmoid(
                alpha: try attribute { () throws(GraphError) in
                    try node.float("alpha", default: HardSigmoid.defaultAlpha)
                },
                beta: try attribute { () throws(GraphError) in try node.float("beta", default: HardSigmoid.defaultBeta)
                })
        case .hardSwish:
            operation = .hardSwish
        case .pad:
            let input = types[node.inputs[0]]!.shape
            let pads = try attribute { () throws(GraphError) in
                try PadAttributes(node: node, graph: graph, rank: input.rank)
            }
            guard let mode = PadMode(rawValue: pads.mode) else { throw unsupported("Pad mode '\(pads.mode)'") }
            do {
                operation = .pad(
                    try PadGeometry(input: input, begins: pads.begins, ends: pads.ends, mode: mode), value: pads.value)
            } catch {
                throw unsupported("\(error)")
            }
            stepInputs = [inputs[0]]
        case .concat:
            let axis = try attribute { () throws(GraphError) in try node.int("axis") }
            do {
                operation = .concat(try ConcatGeometry(inputs: node.inputs.map { types[$0]!.shape }, axis: axis))
            } catch {
                throw unsupported("\(error)")
            }
        case .transpose:
            let input = types[node.inputs[0]]!.shape
            let perm = try attribute { () throws(GraphError) in
                try node.ints("perm", default: Array((0..<input.rank).reversed()))
            }
            do {
                operation = .transpose(try TransposeGeometry(input: input, perm: perm))
            } catch {
                throw unsupported("\(error)")
            }
        case .softmax:
            let rank = types[node.inputs[0]]!.shape.rank
            let axis = try attribute { () throws(GraphError) in try node.int("axis", default: -1) }
            guard axis == -1 || axis == rank - 1 else {
                throw unsupported("Softmax over axis \(axis) (only the last axis)")
            }
            operation = .softmax
        case .identity:
            operation = .identity
        case .quantizeLinear, .dequantizeLinear:
            let parameters = try quantization(node: node, graph: graph, types: types, unsupported: unsupported)
            operation = node.op == .quantizeLinear ? .quantize(parameters) : .dequantize(parameters)
            stepInputs = [inputs[0]]
        }
        return EagerStep(node: node.label, operation: operation, inputs: stepInputs, output: slot(node.outputs[0]))
    }

    /// A QuantizeLinear's or DequantizeLinear's constant scale and zero point, its axis and the
    /// integer range of its quantized side.
    private static func quantization(
        node: Node, graph: Graph, types: [String: TensorType], unsupported: (String) -> EngineError
    ) throws(EngineError) -> AffineQuantization {
        let options: (axis: Int, blockSize: Int, outputType: Int)
        do {
            options = (
                try node.int("axis", default: 1), try node.int("block_size", default: 0),
                try node.int("output_dtype", default: 0)
            )
        } catch { throw .invalidGraph(error) }
        guard options.blockSize == 0 else { throw unsupported("blocked quantization (block_size) is not implemented") }
        guard options.outputType == 0 else {
            throw unsupported("output_dtype is not read; give the zero_point input its type instead")
        }
        guard let scale = graph.floatInitializer(node.inputs[1]) else {
            throw unsupported("the scale '\(node.inputs[1])' must be a constant (initializer)")
        }
        let scales = scale.scalars
        var zeroPoints = [Float](repeating: 0, count: scales.count)
        if let name = node.input(2) {
            guard let values = graph.initializers[name]?.integerValues, values.count == scales.count else {
                throw unsupported("the zero point '\(name)' must be a constant (initializer)")
            }
            zeroPoints = values.map(Float.init)
        }
        for value in scales where !(value > 0 && value.isFinite) {
            throw unsupported("scale \(value) is not a positive finite number")
        }
        let quantizedSide = node.op == .quantizeLinear ? node.outputs[0] : node.inputs[0]
        let rank = types[node.inputs[0]]!.shape.rank
        // One scale is per tensor whatever the axis says (a [1] scale included).
        let axis = scales.count > 1 ? options.axis : nil
        let range: (Float, Float) =
            switch types[quantizedSide]!.elementType {
            case .int8: (-128, 127)
            case .uint8: (0, 255)
            default: (-2_147_483_648, 2_147_483_520)
            }
        return AffineQuantization(
            scales: scales, zeroPoints: zeroPoints, axis: axis.map { $0 < 0 ? $0 + rank : $0 }, lower: range.0,
            upper: range.1)
    }

    /// Gemm's B and C as a linear layer's `[N, K]` weight and `[N]` bias, with alpha and beta
    /// applied once here.
    private static func linearOperands(
        node: Node, graph: Graph, types: [String: TensorType],
        unsupported: (String) -> EngineError
    ) throws(EngineError)
        -> (weight: Tensor<Float>, bias: Tensor<Float>?)
    {
        let options: (transA: Int, transB: Int, alpha: Float, beta: Float)
        do {
            options = (
                try node.int("transA", default: 0), try node.int("transB", default: 0),
                try node.float("alpha", default: 1), try node.float("beta", default: 1)
            )
        } catch { throw .invalidGraph(error) }
        guard options.transA == 0 else { throw unsupported("Gemm with transA=1 is not implemented") }
        guard var weight = graph.floatInitializer(node.inputs[1]) else {
            throw unsupported("Gemm needs a constant B (initializer) in the eager engine")
        }
        if options.transB == 0 { weight = weight.transposed().contiguous() }
        if options.alpha != 1 {
            weight = Tensor(shape: weight.shape, scalars: weight.scalars.map { $0 * options.alpha })
        }
        guard let cName = node.input(2) else { return (weight, nil) }
        let outFeatures = weight.shape[0]
        guard let c = graph.floatInitializer(cName), c.count == outFeatures, c.shape.dims.last == outFeatures else {
            throw unsupported("Gemm needs a constant C of shape [\(outFeatures)] or [1,\(outFeatures)]")
        }
        return (weight, Tensor(shape: [outFeatures], scalars: c.scalars.map { $0 * options.beta }))
    }
}
