import EdgeTensor

/// A model compiled for one engine: immutable and shared by every worker. It holds what the
/// engine decided once (weights in its layout, the plan, the arena layout) and the model's
/// ``ModelSignature``; the mutable state of a run lives in an ``ExecutionContext``.
public protocol CompiledModel: Sendable {
    /// Which deployment this engine is.
    var variant: Variant { get }
    /// Input shape and class count, read from the graph.
    var signature: ModelSignature { get }
    /// A new context (arena and scratch) for one worker's exclusive use.
    func makeContext() -> sending any ExecutionContext
}

/// One worker's state for running a ``CompiledModel``: the arena and scratch the plan asked
/// for. Not safe to use from two threads at once; make one per worker (they are small).
public protocol ExecutionContext: AnyObject {
    /// The compiled model this context runs.
    var model: any CompiledModel { get }
    /// Runs the model on one input read from caller-owned storage and writes the logits into
    /// caller-owned storage. The frozen and int8 engines allocate, hash and format nothing here.
    /// - Parameters:
    ///   - input: `signature.inputCount` floats, NCHW.
    ///   - logits: room for `signature.classCount` floats.
    /// - Throws: `EngineError.input` when a buffer has the wrong size, `.kernel` when a kernel
    ///   rejects its operands. Logits are written as computed: call
    ///   ``Prediction/top(of:output:)`` to refuse a non-finite output.
    func predict(input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>) throws(EngineError)
}

extension ExecutionContext {
    /// Which deployment runs here.
    public var variant: Variant { model.variant }

    /// Convenience: classifies a tensor of exactly the model's input shape, returning fresh
    /// arrays (allocates; the hot path calls ``predict(input:logits:)``).
    /// - Throws: `EngineError.input` for a tensor of another shape, `.nonFiniteOutput` for
    ///   NaN or ±Inf logits, and what ``predict(input:logits:)`` throws.
    public func predict(_ input: Tensor<Float>) throws(EngineError) -> Prediction {
        let signature = model.signature
        return try Prediction(checking: logits(input), output: signature.outputName)
    }

    /// Convenience: the raw logits for a tensor of exactly the model's input shape.
    /// - Throws: as ``predict(_:)``, except that non-finite logits are returned.
    public func logits(_ input: Tensor<Float>) throws(EngineError) -> [Float] {
        let signature = model.signature
        guard input.shape == signature.inputShape else {
            throw .input("'\(signature.inputName)' has shape \(input.shape), expected \(signature.inputShape)")
        }
        var logits = [Float](repeating: 0, count: signature.classCount)
        try predict(input, into: &logits)
        return logits
    }

    /// `predict(input:logits:)` from a tensor into an array the caller owns and reuses
    /// (no allocation for a contiguous input: the hot path of the inference stage and benches).
    public func predict(_ input: Tensor<Float>, into logits: inout [Float]) throws(EngineError) {
        // The buffer closures rethrow untyped errors; carry the typed one out by hand.
        let failure: EngineError? = input.withUnsafeBufferPointer { x in
            do throws(EngineError) { try predict(input: x, into: &logits) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// `predict(input:logits:)` into an array the caller owns and reuses.
    public func predict(input: UnsafeBufferPointer<Float>, into logits: inout [Float]) throws(EngineError) {
        let failure: EngineError? = logits.withUnsafeMutableBufferPointer { y in
            do throws(EngineError) { try predict(input: input, logits: y) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Checks caller buffers against the signature (for engines' `predict(input:logits:)`).
    /// - Throws: `EngineError.input` naming the buffer whose size is wrong.
    public func checkBuffers(input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>)
        throws(EngineError)
    {
        let signature = model.signature
        guard input.count == signature.inputCount else {
            throw .input(
                "'\(signature.inputName)' needs \(signature.inputCount) floats \(signature.inputShape), got \(input.count)"
            )
        }
        guard logits.count == signature.classCount else {
            throw .input("'\(signature.outputName)' needs room for \(signature.classCount) logits, got \(logits.count)")
        }
    }
}

/// Where the pipeline gets its models: the CLI (through `EdgeDeployment`) compiles each model
/// file once and hands the factory to the pipeline, which never imports model-file code and
/// makes one ``ExecutionContext`` per worker from the shared ``CompiledModel``.
public protocol InferenceEngineFactory: Sendable {
    /// The compiled model for `variant`, the same instance on every call.
    func compiledModel(variant: Variant) throws -> any CompiledModel
    /// SHA-256 of the model file behind `variant`, hex, for reports.
    func modelSHA256(variant: Variant) throws -> String
}
