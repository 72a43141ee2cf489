import EdgeGraph
import EdgeKernels
import EdgeTensor

/// The `eager` deployment: the graph interpreted node by node, as PyTorch runs `model(x)`.
///
/// Every node calls its kernel through the allocating Tensor-level API, so each op allocates its
/// output; BatchNorm runs as its own op; nothing is fused or planned. Values die (and are
/// freed) after their last use. Construction decodes attributes and checks support once.
///
/// Threading: immutable after `init`; each `run` keeps its values in locals, so one engine may
/// serve several threads, though the pipeline gives each worker its own.
public final class EagerEngine: InferenceEngine, Sendable {
    public var variant: Variant { .eager }
    /// The graph being interpreted.
    public let graph: Graph
    /// The kernel implementation every op uses.
    public let kernelPath: KernelPath

    private let steps: [EagerStep]
    /// Initial contents of every slot: constants filled, everything else nil.
    private let constants: [Tensor<Float>?]
    private let inputSlots: [(name: String, slot: Int, shape: Shape)]
    private let outputSlots: [(name: String, slot: Int)]

    /// Prepares `graph` for interpretation.
    /// - Throws: `EngineError.invalidGraph` when validation fails, `.unsupported` for an op or
    ///   attribute the eager engine does not implement (int8 Q/DQ, broadcasting Add, …).
    public init(graph: Graph, path: KernelPath = .current) throws(EngineError) {
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
            constants.append(graph.floatInitializer(name))
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
        for step in steps {
            values[step.output] = try execute(step, &values)
            for slot in step.releases { values[slot] = nil }
        }
        var outputs: [String: Tensor<Float>] = [:]
        for (name, slot) in outputSlots { outputs[name] = values[slot]! }
        return outputs
    }

    /// Classifies one `[1,1,28,28]` input (the graph's single input) from its single `[1,C]`
    /// output.
    /// - Throws: `EngineError` as `run` does, or `.input` when the graph is not a one-input,
    ///   one-output classifier.
    public func predict(_ input: Tensor<Float>) throws -> Prediction {
        guard inputSlots.count == 1, outputSlots.count == 1 else {
            throw EngineError.input("predict needs a graph with one input and one output")
        }
        let logits = try run([inputSlots[0].name: input])[outputSlots[0].name]!
        guard logits.rank == 2, logits.shape[0] == 1 else {
            throw EngineError.input("output '\(outputSlots[0].name)' has shape \(logits.shape), expected [1,classes]")
        }
        return try Prediction(checking: logits.scalars, output: outputSlots[0].name)
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
            case .add:
                return try Add.forward(operand(0), operand(1), path: kernelPath)
            case .softmax:
                return try Softmax.forward(operand(0), path: kernelPath)
            case .identity:
                return operand(0)
            }
        } catch {
            throw .kernel(node: step.node, error)
        }
    }
}
