import EdgeGraph
import EdgeKernels
import EdgeTensor

/// The graph interpreted node by node, as PyTorch runs `model(x)`: the heart of the `eager`
/// deployment (``EagerModel``) and the oracle every other engine is tested against.
///
/// Every node calls its kernel through the allocating Tensor-level API, so each op allocates its
/// output; BatchNorm runs as its own op; nothing is fused or planned. Values die (and are
/// freed) after their last use. Construction decodes attributes and checks support once. Any
/// graph of supported ops runs here (any batch, any number of inputs and outputs).
///
/// Threading: immutable after `init`; each run keeps its values in the caller's storage, so
/// one interpreter serves every thread.
public final class EagerInterpreter: Sendable {
    /// The graph being interpreted: the one given, with every DequantizeLinear of constants
    /// folded into an initializer (so its nodes and the steps correspond one to one).
    public let graph: Graph
    /// The kernel implementation every op uses.
    public let kernelPath: KernelPath

    private let steps: [EagerStep]
    /// Initial contents of every slot: constants filled, everything else nil.
    let constants: [Tensor<Float>?]
    let inputSlots: [(name: String, slot: Int, shape: Shape)]
    let outputSlots: [(name: String, slot: Int)]
    /// Static type of every value, from `Graph.inferTypes()`.
    let types: [String: TensorType]

    /// Prepares `graph` for interpretation.
    /// - Throws: `EngineError.invalidGraph` when validation fails, `.unsupported` for an op or
    ///   attribute the eager engine does not implement (non-float operands, blocked Q/DQ, …).
    ///
    /// QuantizeLinear and DequantizeLinear run in float (fake quantization, the oracle of the
    /// integer engine): a quantized value is an integer held as a float; integer initializers
    /// are converted to float here, and a DequantizeLinear of constants (a weight, a bias) is
    /// computed once here, so a Gemm or MatMul reading it sees a constant B. A graph output
    /// that is int8 or uint8 (a QuantizeLinear's) is returned as those integers in floats.
    public init(graph original: Graph, path: KernelPath = .current) throws(EngineError) {
        let graph = original.foldingConstantDequantize()
        let types: [String: TensorType]
        do { types = try graph.inferTypes() } catch { throw .invalidGraph(error) }
        for input in graph.inputs where input.type.elementType != .float32 {
            throw .unsupported(node: "input '\(input.name)'", reason: "must be float32, is \(input.type.elementType)")
        }
        var slots: [String: Int] = [:]
        var constants: [Tensor<Float>?] = []
        func slot(_ name: String) -> Int {
            if let index = slots[name] { return index }
            slots[name] = constants.count
            constants.append(graph.initializers[name]?.fakeQuantizedFloat)
            return constants.count - 1
        }
        func constant(_ tensor: Tensor<Float>) -> Int {
            constants.append(tensor)
            return constants.count - 1
        }
        var steps: [EagerStep] = []
        for node in graph.nodes {
            steps.append(try EagerStep.make(node: node, graph: graph, types: types, slot: slot, constant: constant))
        }
        for output in graph.outputs where ![.float32, .int8, .uint8].contains(types[output]!.elementType) {
            throw .unsupported(
                node: "output '\(output)'",
                reason: "is \(types[output]!.elementType); the eager engine returns float32 only")
        }
        let inputSlots = graph.inputs.map { ($0.name, slot($0.name), $0.type.shape) }
        let outputSlots = graph.outputs.map { ($0, slot($0)) }

        // Free each computed value after the step that reads it last (never graph outputs).
        let kept = Set(outputSlots.map(\.1))
        var lastUse: [Int: Int] = [:]
        for (index, step) in steps.enumerated() {
            for case let input? in step.inputs where constants[input] == nil { lastUse[input] = index }
        }
        for (value, index) in lastUse where !kept.contains(value) && !inputSlots.contains(where: { $0.1 == value }) {
            steps[index].releases.append(value)
        }
        self.graph = graph
        self.kernelPath = path
        self.steps = steps
        self.constants = constants
        self.inputSlots = inputSlots
        self.outputSlots = outputSlots
        self.types = types
    }

    /// Runs the graph on named inputs and returns every graph output by name.
    /// - Throws: `EngineError.input` for a missing or mis-shaped input; `.kernel` if a kernel
    ///   rejects its operands.
    public func run(_ inputs: [String: Tensor<Float>]) throws(EngineError) -> [String: Tensor<Float>] {
        var values = constants
        for (name, slot, shape) in inputSlots {
            guard let tensor = inputs[name] else { throw .input("missing input '\(name)'") }
            guard tensor.shape == shape else { throw .input("'\(name)' has shape \(tensor.shape), expected \(shape)") }
            values[slot] = tensor
        }
        try run(&values)
        var outputs: [String: Tensor<Float>] = [:]
        for (name, slot) in outputSlots { outputs[name] = values[slot]! }
        return outputs
    }

    /// Runs every step on `values`, which holds ``constants`` with the inputs' slots filled;
    /// on return the outputs' slots are filled and every intermediate value is released.
    func run(_ values: inout [Tensor<Float>?]) throws(EngineError) {
        for step in steps {
            values[step.output] = try execute(step, &values)
            for slot in step.releases { values[slot] = nil }
        }
    }

    /// ``run(_:)`` with each step's wall time (its allocation and release included, as eager
    /// pays them) written to `nanoseconds`.
    func runProfiled(
        _ values: inout [Tensor<Float>?], nanoseconds: UnsafeMutableBufferPointer<UInt64>, clock: () -> UInt64
    ) throws(EngineError) {
        for (index, step) in steps.enumerated() {
            let start = clock()
            values[step.output] = try execute(step, &values)
            for slot in step.releases { values[slot] = nil }
            nanoseconds[index] = clock() &- start
        }
    }

    /// One layer per node, for profiles.
    public var layers: [LayerInfo] {
        let flops = graph.flopsByNode()
        return graph.nodes.map { node in
            LayerInfo(
                name: node.name, op: node.op.rawValue, fused: [node.name],
                shape: types[node.outputs[0]]?.shape ?? [], flops: flops[node.name] ?? 0)
        }
    }

    /// The output of a broadcast binary kernel, written through pointers by `kernel(a, b, out)`.
    private func binary(
        _ geometry: BroadcastGeometry, _ a: Tensor<Float>, _ b: Tensor<Float>,
        _ kernel: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void
    ) -> Tensor<Float> {
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                Tensor(shape: geometry.outputShape) { out in kernel(pa.baseAddress!, pb.baseAddress!, out.baseAddress!)
                }
            }
        }
    }

    private func execute(_ step: EagerStep, _ values: inout [Tensor<Float>?]) throws(EngineError) -> Tensor<Float> {
        func operand(_ index: Int) -> Tensor<Float> { values[step.inputs[index]!]! }
        func optionalOperand(_ index: Int) -> Tensor<Float>? {
            index < step.inputs.count ? step.inputs[index].map { values[$0]! } : nil
        }
        do {
            switch step.operation {
            case .conv(let parameters):
                return try Conv2D.forward(
                    operand(0), weight: operand(1), bias: optionalOperand(2),
                    parameters: parameters, path: kernelPath)
            case .batchNormalization(let epsilon):
                return try BatchNorm.inference(
                    operand(0), scale: operand(1), bias: operand(2), mean: operand(3),
                    variance: operand(4), epsilon: epsilon, path: kernelPath)
            case .relu:
                return ReLU.forward(operand(0), path: kernelPath)
            case .maxPool(let parameters):
                // Inference needs no argmax, so call the pointer level rather than the
                // Tensor-level API that also allocates and fills one (as PyTorch's max_pool2d
                // without return_indices).
                let input = operand(0)
                let s = input.shape
                let geometry = try Pool2DGeometry(
                    batch: s[0], channels: s[1], inHeight: s[2], inWidth: s[3],
                    parameters: parameters)
                return input.withUnsafeBufferPointer { x in
                    Tensor(shape: Shape(geometry.outputDims)) { y in
                        MaxPool2D.forward(
                            geometry, input: x.baseAddress!, output: y.baseAddress!, argmax: nil, path: kernelPath)
                    }
                }
            case .averagePool(let parameters, let countIncludePad):
                return try AvgPool2D.forward(
                    operand(0), parameters: parameters, countIncludePad: countIncludePad, path: kernelPath)
            case .globalAveragePool:
                return try GlobalAvgPool.forward(operand(0), path: kernelPath)
            case .reshape(let shape):
                return operand(0).reshaped(shape)
            case .linear:
                return try Linear.forward(operand(0), weight: operand(1), bias: optionalOperand(2), path: kernelPath)
            case .add(let geometry):
                return binary(geometry, operand(0), operand(1)) {
                    Add.forward(geometry, a: $0, b: $1, output: $2, path: kernelPath)
                }
            case .mul(let geometry):
                return binary(geometry, operand(0), operand(1)) { Mul.forward(geometry, a: $0, b: $1, output: $2) }
            case .clip(let lower, let upper):
                return Clip.forward(operand(0), lower: lower, upper: upper)
            case .leakyRelu(let alpha):
                return LeakyReLU.forward(operand(0), alpha: alpha)
            case .sigmoid:
                return Sigmoid.forward(operand(0))
            case .hardSigmoid(let alpha, let beta):
                return HardSigmoid.forward(operand(0), alpha: alpha, beta: beta)
            case .hardSwish:
                return HardSwish.forward(operand(0))
            case .pad(let geometry, let value):
                return try Pad.forward(operand(0), geometry, value: value)
            case .concat(let geometry):
                return Tensor(shape: geometry.outputShape) { out in
                    for index in geometry.inputs.indices {
                        operand(index).withUnsafeBufferPointer { x in
                            Concat.copy(geometry, input: index, from: x.baseAddress!, into: out.baseAddress!)
                        }
                    }
                }
            case .transpose(let geometry):
                return operand(0).withUnsafeBufferPointer { x in
                    Tensor(shape: geometry.outputShape) { y in
                        Transpose.forward(geometry, input: x.baseAddress!, output: y.baseAddress!)
                    }
                }
            case .softmax:
                return try Softmax.forward(operand(0), path: kernelPath)
            case .identity:
                return operand(0)
            case .quantize(let parameters):
                return QuantizeLinear.forward(operand(0), parameters)
            case .dequantize(let parameters):
                return DequantizeLinear.forward(operand(0), parameters)
            }
        } catch {
            throw .kernel(node: step.node, error)
        }
    }
}
