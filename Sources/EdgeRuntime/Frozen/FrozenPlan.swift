import EdgeGraph
import EdgeKernels
import EdgeTensor

/// A graph compiled once into a flat list of kernel calls over one activation arena: the heart
/// of the `frozen` deployment (``FrozenModel``), our TorchScript.
///
/// Compiling freezes the graph (``EdgeGraph/Graph/frozen()``: constants folded, BatchNorm and
/// zero Pad folded into convolutions, Identity removed), fuses a residual Add into the
/// convolution that feeds it and a ReLU, Clip, LeakyRelu or HardSwish into the convolution or
/// linear layer before it, prepares every weight once in the layout its kernel reads (Gemm's B as
/// `[out, in]`, alpha and beta applied; a lone BatchNorm as per-channel multiplier and offset),
/// treats Flatten/Reshape/Identity as views of their input, and places every activation in one
/// arena by liveness (``ArenaPlanner``). Running it calls pointer-level kernels only: no
/// allocation, no shape arithmetic, no dictionary lookups.
///
/// Threading: immutable after `init`; each run brings its own arena and scratch (a
/// ``FrozenContext`` owns one of each), so one plan serves every thread.
public final class FrozenPlan: Sendable {
    /// The frozen graph the plan was compiled from.
    public let graph: Graph
    /// What freezing changed.
    public let report: FreezeReport
    /// Static type of every value of ``graph``.
    public let types: [String: TensorType]
    /// The kernel implementation every step uses.
    public let kernelPath: KernelPath

    let steps: [FrozenStep]
    let weights: FrozenBuffer
    /// Floats of activation arena one run needs.
    public let arenaCount: Int
    /// Floats of conv scratch one run needs (the largest any step asks for).
    public let scratchCount: Int
    /// Floats in the weight pool (folded and prepared constants, each 64-byte aligned).
    public var weightCount: Int { weights.count }
    let inputs: [(name: String, location: FrozenLocation, shape: Shape)]
    let outputs: [(name: String, location: FrozenLocation, shape: Shape)]

    /// Freezes and compiles `graph`.
    /// - Throws: `EngineError.invalidGraph` when validation fails; `.unsupported` for an op,
    ///   attribute or operand kind the frozen engine does not implement (the same set the eager
    ///   engine refuses, plus a BatchNormalization with non-constant statistics).
    public init(graph: Graph, path: KernelPath = .current) throws(EngineError) {
        let (frozen, report) = try graph.frozen()
        let types: [String: TensorType]
        do { types = try frozen.inferTypes() } catch { throw .invalidGraph(error) }
        for input in frozen.inputs where input.type.elementType != .float32 {
            throw .unsupported(node: "input '\(input.name)'", reason: "must be float32, is \(input.type.elementType)")
        }
        var compiler = FrozenCompiler(graph: frozen, types: types)
        try compiler.compile()
        self.graph = frozen
        self.report = report
        self.types = types
        self.kernelPath = path
        self.steps = compiler.steps
        self.weights = compiler.weightPool()
        self.arenaCount = compiler.arenaCount
        self.scratchCount = compiler.scratchCount
        self.inputs = compiler.inputLocations
        self.outputs = compiler.outputLocations
    }

    /// Per step, for reports and `edge inspect`: the nodes it computes and their operators.
    public var stepNames: [(name: String, op: String)] { steps.map { ($0.name, $0.op) } }

    /// Runs every step. `arena` holds ``arenaCount`` floats with the inputs already in place;
    /// `scratch` holds ``scratchCount``. No allocation.
    func execute(arena: UnsafeMutablePointer<Float>, scratch: UnsafeMutableBufferPointer<Float>) {
        let pool = weights.base
        for step in steps { run(step, arena: arena, pool: pool, scratch: scratch) }
    }

    /// ``execute(arena:scratch:)`` with each step's wall time written to `nanoseconds`.
    func executeProfiled(
        arena: UnsafeMutablePointer<Float>, scratch: UnsafeMutableBufferPointer<Float>,
        nanoseconds: UnsafeMutableBufferPointer<UInt64>, clock: () -> UInt64
    ) {
        let pool = weights.base
        for (index, step) in steps.enumerated() {
            let start = clock()
            run(step, arena: arena, pool: pool, scratch: scratch)
            nanoseconds[index] = clock() &- start
        }
    }

    /// The layers of the plan, for profiles: one per step, with the FLOPs of the nodes it fuses.
    public var layers: [LayerInfo] {
        let flops = graph.flopsByNode()
        return steps.map { step in
            LayerInfo(
                name: step.name, op: step.op, fused: step.nodes, shape: step.outputShape,
                flops: step.nodes.reduce(0) { $0 + (flops[$1] ?? 0) })
        }
    }

    @inline(__always)
    private func run(
        _ step: FrozenStep, arena: UnsafeMutablePointer<Float>, pool: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutableBufferPointer<Float>
    ) {
        let path = kernelPath
        func at(_ location: FrozenLocation) -> UnsafeMutablePointer<Float> {
            switch location {
            case .arena(let offset): arena + offset
            case .weights(let offset): pool + offset
            }
        }
        let y = at(step.output)
        let x = at(step.operands[0]!)
        switch step.kernel {
        case .conv(let geometry, let activation):
            Conv2D.forward(
                geometry, input: x, weight: at(step.operands[1]!), bias: step.operands[2].map(at), output: y,
                scratch: scratch, residual: step.residual.map { UnsafePointer(at($0)) }, activation: activation,
                path: path)
        case .winograd(let winograd, let activation, let pooled):
            winograd.forward(
                input: x, packed: at(step.operands[1]!), bias: step.operands[2].map(at), output: y,
                scratch: scratch.baseAddress!, residual: step.residual.map { UnsafePointer(at($0)) },
                activation: activation, maxPool2x2: pooled, path: path)
        case .direct(let direct, let activation, let pooled):
            direct.forward(
                input: x, weight: at(step.operands[1]!), bias: step.operands[2].map(at), output: y,
                scratch: scratch.baseAddress!, residual: step.residual.map { UnsafePointer(at($0)) },
                activation: activation, maxPool2x2: pooled, path: path)
        case .affine(let batch, let channels, let spatial):
            BatchNorm.affine(
                batch: batch, channels: channels, spatial: spatial, input: x, multiplier: at(step.operands[1]!),
                offset: at(step.operands[2]!), output: y, path: path)
        case .relu(let count):
            ReLU.forward(count: count, input: x, output: y, path: path)
        case .maxPool(let geometry):
            MaxPool2D.forward(geometry, input: x, output: y, argmax: nil, path: path)
        case .averagePool(let geometry, let countIncludePad):
            AvgPool2D.forward(geometry, input: x, output: y, countIncludePad: countIncludePad, path: path)
        case .globalAveragePool(let batch, let channels, let spatial):
            GlobalAvgPool.forward(
                batch: batch, channels: channels, spatial: spatial, input: x, output: y, path: path)
        case .linear(let batch, let inFeatures, let outFeatures, let activation):
            Linear.forward(
                batch: batch, inFeatures: inFeatures, outFeatures: outFeatures, input: x,
                weight: at(step.operands[1]!), bias: step.operands[2].map(at), output: y, activation: activation,
                path: path)
        case .add(let geometry):
            Add.forward(geometry, a: x, b: at(step.operands[1]!), output: y, path: path)
        case .mul(let geometry):
            Mul.forward(geometry, a: x, b: at(step.operands[1]!), output: y)
        case .clip(let count, let lower, let upper):
            Clip.forward(count: count, input: x, output: y, lower: lower, upper: upper)
        case .leakyRelu(let count, let alpha):
            LeakyReLU.forward(count: count, input: x, output: y, alpha: alpha)
        case .sigmoid(let count):
            Sigmoid.forward(count: count, input: x, output: y)
        case .hardSigmoid(let count, let alpha, let beta):
            HardSigmoid.forward(count: count, input: x, output: y, alpha: alpha, beta: beta)
        case .hardSwish(let count):
            HardSwish.forward(count: count, input: x, output: y)
        case .pad(let geometry, let value):
            Pad.forward(geometry, input: UnsafePointer(x), output: y, value: value)
        case .concat(let geometry):
            for index in step.operands.indices {
                Concat.copy(geometry, input: index, from: UnsafePointer(at(step.operands[index]!)), into: y)
            }
        case .transpose(let geometry):
            Transpose.forward(geometry, input: UnsafePointer(x), output: y)
        case .softmax(let rows, let columns):
            Softmax.forward(rows: rows, columns: columns, input: x, output: y, path: path)
        }
    }

    /// Runs the plan on named inputs and returns every graph output by name (allocates an arena
    /// per call: for tests and tools; the hot path is ``FrozenContext``).
    /// - Throws: `EngineError.input` for a missing or mis-shaped input.
    public func run(_ values: [String: Tensor<Float>]) throws(EngineError) -> [String: Tensor<Float>] {
        let arena = FrozenBuffer(count: arenaCount)
        let scratch = FrozenBuffer(count: scratchCount)
        for input in inputs {
            guard let tensor = values[input.name] else { throw .input("missing input '\(input.name)'") }
            guard tensor.shape == input.shape else {
                throw .input("'\(input.name)' has shape \(tensor.shape), expected \(input.shape)")
            }
            guard case .arena(let offset) = input.location else { continue }
            tensor.withUnsafeBufferPointer { x in (arena.base + offset).update(from: x.baseAddress!, count: x.count) }
        }
        execute(arena: arena.base, scratch: scratch.buffer)
        var result: [String: Tensor<Float>] = [:]
        for output in outputs {
            let source = location(output.location, arena: arena.base)
            result[output.name] = Tensor(shape: output.shape) { y in
                _ = y.update(fromContentsOf: UnsafeBufferPointer(start: source, count: y.count))
            }
        }
        return result
    }

    func location(_ location: FrozenLocation, arena: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<Float> {
        switch location {
        case .arena(let offset): arena + offset
        case .weights(let offset): weights.base + offset
        }
    }
}
