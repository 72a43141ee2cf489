import EdgeGraph
import EdgeKernels
import EdgeTensor

/// The `eager` deployment: a classifier graph run by the ``EagerInterpreter``, op by op, each
/// op allocating its output as PyTorch's eager mode does. Compiling it decodes and checks every
/// node once; the oracle every other engine is tested against.
public final class EagerModel: CompiledModel {
    public var variant: Variant { .eager }
    public let signature: ModelSignature
    /// The interpreter behind this model (shared by every context).
    public let interpreter: EagerInterpreter
    private let inputSlot: Int
    private let outputSlot: Int

    /// Compiles `graph` for eager execution.
    /// - Throws: `EngineError.invalidGraph` when validation fails; `.unsupported` for an op or
    ///   attribute the eager engine lacks, or for a graph that is not a batch-1 NCHW classifier
    ///   (``ModelSignature``).
    public init(graph: Graph, path: KernelPath = .current) throws(EngineError) {
        let interpreter = try EagerInterpreter(graph: graph, path: path)
        signature = try ModelSignature(graph: graph, types: interpreter.types)
        self.interpreter = interpreter
        inputSlot = interpreter.inputSlots[0].slot
        outputSlot = interpreter.outputSlots[0].slot
    }

    public func makeContext() -> sending any ExecutionContext { EagerContext(model: self) }

    /// A context of the concrete type (for callers that want to avoid the existential).
    public func makeEagerContext() -> EagerContext { EagerContext(model: self) }

    fileprivate func run(
        _ values: inout [Tensor<Float>?], input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>
    ) throws(EngineError) {
        // Eager copies the caller's input into a fresh tensor, as `torch.tensor(array)` does.
        values[inputSlot] = Tensor(shape: signature.inputShape) { _ = $0.update(fromContentsOf: input) }
        do {
            try interpreter.run(&values)
        } catch {
            values = interpreter.constants  // drop what the failed run left behind
            throw error
        }
        values[outputSlot]!.withUnsafeBufferPointer { y in _ = logits.update(fromContentsOf: y) }
        values[inputSlot] = nil
        values[outputSlot] = nil
    }

    fileprivate func runProfiled(
        _ values: inout [Tensor<Float>?], input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>,
        nanoseconds: UnsafeMutableBufferPointer<UInt64>, clock: () -> UInt64
    ) throws(EngineError) {
        values[inputSlot] = Tensor(shape: signature.inputShape) { _ = $0.update(fromContentsOf: input) }
        do {
            try interpreter.runProfiled(&values, nanoseconds: nanoseconds, clock: clock)
        } catch {
            values = interpreter.constants
            throw error
        }
        values[outputSlot]!.withUnsafeBufferPointer { y in _ = logits.update(fromContentsOf: y) }
        values[inputSlot] = nil
        values[outputSlot] = nil
    }
}

/// One worker's eager state: the value slots, reused from call to call (the values themselves
/// are allocated per op, which is what eager means).
public final class EagerContext: ExecutionContext, LayerProfiling {
    private let eager: EagerModel
    private var values: [Tensor<Float>?]

    init(model: EagerModel) {
        eager = model
        values = model.interpreter.constants
    }

    public var model: any CompiledModel { eager }

    public func predict(input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>)
        throws(EngineError)
    {
        try checkBuffers(input: input, logits: logits)
        try eager.run(&values, input: input, logits: logits)
    }

    public var layers: [LayerInfo] { eager.interpreter.layers }

    public func predictProfiled(
        input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>,
        nanoseconds: UnsafeMutableBufferPointer<UInt64>, clock: () -> UInt64
    ) throws(EngineError) {
        try checkBuffers(input: input, logits: logits)
        let count = eager.interpreter.graph.nodes.count
        guard nanoseconds.count >= count else {
            throw .input("the profile needs room for \(count) layer times, got \(nanoseconds.count)")
        }
        try eager.runProfiled(&values, input: input, logits: logits, nanoseconds: nanoseconds, clock: clock)
    }
}
