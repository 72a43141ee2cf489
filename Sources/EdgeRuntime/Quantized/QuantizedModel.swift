import EdgeGraph
import EdgeKernels
import EdgeTensor

/// The `quantized` deployment: a QDQ graph run by integer kernels (``QuantizedPlan``). A
/// prediction quantizes the input, runs int8 layers with int32 accumulators and dequantizes the
/// logits; it allocates nothing.
public final class QuantizedModel: CompiledModel {
    public var variant: Variant { .quantized }
    public let signature: ModelSignature
    public let plan: QuantizedPlan

    /// Lowers `graph` to integer kernels.
    /// - Throws: what ``QuantizedPlan/init(graph:)`` throws, and `EngineError.unsupported` for a
    ///   graph that is not a batch-1 NCHW classifier.
    public init(graph: Graph) throws(EngineError) {
        let plan = try QuantizedPlan(graph: graph)
        signature = try ModelSignature(graph: graph, types: plan.types)
        self.plan = plan
    }

    public func makeContext() -> sending any ExecutionContext { QuantizedContext(model: self) }
}

/// One worker's int8 arena and conv scratch, allocated once.
public final class QuantizedContext: ExecutionContext {
    private let quantized: QuantizedModel
    private let arena: UnsafeMutablePointer<Int8>
    private let scratch: UnsafeMutablePointer<Int8>

    init(model: QuantizedModel) {
        quantized = model
        arena = .allocate(capacity: max(model.plan.arenaCount, 64))
        arena.initialize(repeating: 0, count: max(model.plan.arenaCount, 64))
        scratch = .allocate(capacity: max(model.plan.scratchCount, 64))
        scratch.initialize(repeating: 0, count: max(model.plan.scratchCount, 64))
    }

    deinit {
        arena.deallocate()
        scratch.deallocate()
    }

    public var model: any CompiledModel { quantized }

    public func predict(input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>)
        throws(EngineError)
    {
        try checkBuffers(input: input, logits: logits)
        quantized.plan.execute(input: input.baseAddress!, logits: logits.baseAddress!, arena: arena, scratch: scratch)
    }
}

/// A QDQ graph the integer engine cannot map, run in float by the eager engine (fake
/// quantization: the same values, computed in float) under the `quantized` variant.
public final class FloatQDQModel: CompiledModel {
    public var variant: Variant { .quantized }
    public var signature: ModelSignature { eager.signature }
    public let eager: EagerModel
    /// Why the integer engine refused the graph (the node and the reason).
    public let reason: EngineError

    public init(graph: Graph, reason: EngineError, path: KernelPath = .current) throws(EngineError) {
        eager = try EagerModel(graph: graph, path: path)
        self.reason = reason
    }

    public func makeContext() -> sending any ExecutionContext { FloatQDQContext(model: self) }
}

/// The eager context of a ``FloatQDQModel``, reporting the `quantized` variant.
public final class FloatQDQContext: ExecutionContext {
    private let owner: FloatQDQModel
    private let context: EagerContext

    init(model: FloatQDQModel) {
        owner = model
        context = model.eager.makeEagerContext()
    }

    public var model: any CompiledModel { owner }

    public func predict(input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>)
        throws(EngineError)
    {
        try context.predict(input: input, logits: logits)
    }
}
