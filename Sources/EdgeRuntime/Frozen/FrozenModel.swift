import EdgeGraph
import EdgeKernels
import EdgeTensor

/// The `frozen` deployment: a classifier graph compiled once into a ``FrozenPlan`` (BatchNorm
/// folded, conv+bias+ReLU fused, constants folded, weights prepared, one arena), so a
/// prediction is a flat run of pointer-level kernels that allocates nothing.
public final class FrozenModel: CompiledModel {
    public var variant: Variant { .frozen }
    public let signature: ModelSignature
    /// The compiled plan (shared by every context).
    public let plan: FrozenPlan
    private let inputOffset: Int
    private let outputLocation: FrozenLocation

    /// Freezes and compiles `graph`.
    /// - Throws: what ``FrozenPlan/init(graph:path:)`` throws, and `EngineError.unsupported` for
    ///   a graph that is not a batch-1 NCHW classifier (``ModelSignature``).
    public init(graph: Graph, path: KernelPath = .current) throws(EngineError) {
        let plan = try FrozenPlan(graph: graph, path: path)
        signature = try ModelSignature(graph: plan.graph, types: plan.types)
        guard case .arena(let offset) = plan.inputs[0].location else {
            throw .unsupported(node: "input '\(signature.inputName)'", reason: "is not read by the plan")
        }
        self.plan = plan
        inputOffset = offset
        outputLocation = plan.outputs[0].location
    }

    public func makeContext() -> sending any ExecutionContext { FrozenContext(model: self) }

    /// A context of the concrete type (for callers that want to avoid the existential).
    public func makeFrozenContext() -> FrozenContext { FrozenContext(model: self) }

    fileprivate func run(
        arena: FrozenBuffer, scratch: FrozenBuffer, input: UnsafeBufferPointer<Float>,
        logits: UnsafeMutableBufferPointer<Float>
    ) {
        (arena.base + inputOffset).update(from: input.baseAddress!, count: input.count)
        plan.execute(arena: arena.base, scratch: scratch.buffer)
        let y = plan.location(outputLocation, arena: arena.base)
        logits.baseAddress!.update(from: y, count: logits.count)
    }

    fileprivate func runProfiled(
        arena: FrozenBuffer, scratch: FrozenBuffer, input: UnsafeBufferPointer<Float>,
        logits: UnsafeMutableBufferPointer<Float>, nanoseconds: UnsafeMutableBufferPointer<UInt64>,
        clock: () -> UInt64
    ) {
        (arena.base + inputOffset).update(from: input.baseAddress!, count: input.count)
        plan.executeProfiled(arena: arena.base, scratch: scratch.buffer, nanoseconds: nanoseconds, clock: clock)
        let y = plan.location(outputLocation, arena: arena.base)
        logits.baseAddress!.update(from: y, count: logits.count)
    }
}

/// One worker's frozen state: the arena and the conv scratch, allocated once when the context is
/// made and reused by every call.
public final class FrozenContext: ExecutionContext, LayerProfiling {
    private let frozen: FrozenModel
    private let arena: FrozenBuffer
    private let scratch: FrozenBuffer

    init(model: FrozenModel) {
        frozen = model
        arena = FrozenBuffer(count: model.plan.arenaCount)
        scratch = FrozenBuffer(count: model.plan.scratchCount)
    }

    public var model: any CompiledModel { frozen }

    /// Bytes this context holds (arena and scratch).
    public var bytes: Int { (arena.count + scratch.count) * MemoryLayout<Float>.stride }

    public func predict(input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>)
        throws(EngineError)
    {
        try checkBuffers(input: input, logits: logits)
        frozen.run(arena: arena, scratch: scratch, input: input, logits: logits)
    }

    public var layers: [LayerInfo] { frozen.plan.layers }

    public func predictProfiled(
        input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>,
        nanoseconds: UnsafeMutableBufferPointer<UInt64>, clock: () -> UInt64
    ) throws(EngineError) {
        try checkBuffers(input: input, logits: logits)
        guard nanoseconds.count >= frozen.plan.steps.count else {
            throw .input("the profile needs room for \(frozen.plan.steps.count) layer times, got \(nanoseconds.count)")
        }
        frozen.runProfiled(
            arena: arena, scratch: scratch, input: input, logits: logits, nanoseconds: nanoseconds, clock: clock)
    }
}
