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
    /// - Parameter path: the kernel path the integer kernels follow (``QuantizedKernels``).
    public init(graph: Graph, path: KernelPath = .current) throws(EngineError) {
        let plan = try QuantizedPlan(graph: graph, path: path)
        signature = try ModelSignature(graph: graph, types: plan.types)
        self.plan = plan
    }

    public func makeContext() -> sending any ExecutionContext { QuantizedContext(model: self) }

    /// A context of the concrete type (for callers that want to avoid the existential).
    public func makeQuantizedContext() -> QuantizedContext { QuantizedContext(model: self) }
}

/// One worker's int8 arena and kernel scratch, allocated once (64-byte aligned).
public final class QuantizedContext: ExecutionContext, LayerProfiling {
    private let quantized: QuantizedModel
    private let arena: UnsafeMutablePointer<Int8>
    private let scratch: UnsafeMutableRawPointer

    init(model: QuantizedModel) {
        quantized = model
        let arenaBytes = max(model.plan.arenaCount, 64)
        arena = UnsafeMutableRawPointer.allocate(byteCount: arenaBytes, alignment: 64)
            .initializeMemory(as: Int8.self, repeating: 0, count: arenaBytes)
        let scratchBytes = max(model.plan.scratchCount, 64)
        scratch = .allocate(byteCount: scratchBytes, alignment: 64)
        scratch.initializeMemory(as: UInt8.self, repeating: 0, count: scratchBytes)
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

    public var layers: [LayerInfo] { quantized.plan.layers }

    public func predictProfiled(
        input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>,
        nanoseconds: UnsafeMutableBufferPointer<UInt64>, clock: () -> UInt64
    ) throws(EngineError) {
        try checkBuffers(input: input, logits: logits)
        let count = quantized.plan.stepNodes.count
        guard nanoseconds.count >= count else {
            throw .input("the profile needs room for \(count) layer times, got \(nanoseconds.count)")
        }
        quantized.plan.executeProfiled(
            input: input.baseAddress!, logits: logits.baseAddress!, arena: arena, scratch: scratch,
            nanoseconds: nanoseconds, clock: clock)
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
