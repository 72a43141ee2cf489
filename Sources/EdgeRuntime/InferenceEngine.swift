import EdgeTensor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The deployments of a model EdgeLoop can run.
public enum Variant: String, Sendable, CaseIterable, Codable {
    case eager, frozen, quantized
}

/// The result of classifying one input.
public struct Prediction: Sendable, Equatable {
    /// Raw network outputs, one per class.
    public var logits: [Float]
    /// Softmax of `logits`.
    public var probabilities: [Float]
    /// Index of the largest logit.
    public var label: Int
    /// `probabilities[label]`.
    public var confidence: Float

    /// The prediction for an engine's raw output, refusing NaN and ±Inf: every engine goes
    /// through here, so a non-finite output is always a typed error, never a NaN confidence.
    /// - Parameter output: the graph output's name, for the error.
    /// - Throws: `EngineError.nonFiniteOutput` naming the first non-finite logit.
    public init(checking logits: [Float], output: String) throws(EngineError) {
        if let index = logits.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteOutput(output: output, index: index, value: logits[index])
        }
        self.init(logits: logits)
    }

    /// The prediction for finite `logits` (see ``init(checking:output:)`` for engine output).
    public init(logits: [Float]) {
        self.logits = logits
        let maxLogit = logits.max() ?? 0
        let exps = logits.map { expf($0 - maxLogit) }
        let sum = exps.reduce(0, +)
        probabilities = exps.map { $0 / sum }
        label = logits.indices.max { logits[$0] < logits[$1] } ?? 0
        confidence = probabilities.isEmpty ? 0 : probabilities[label]
    }
}

/// A loaded model that classifies `[1,1,28,28]` inputs.
///
/// Load once (in the engine's initialiser), then `predict` many times. An engine instance is
/// not safe to call from several threads at once: the pipeline gives each worker its own.
public protocol InferenceEngine: AnyObject {
    /// Which deployment this engine is.
    var variant: Variant { get }
    /// Classifies one input tensor of shape `[1,1,28,28]`.
    func predict(_ input: Tensor<Float>) throws -> Prediction
}

/// Makes inference engines; the CLI builds one from model files and hands it to the pipeline,
/// so the pipeline never imports model-file code.
public protocol InferenceEngineFactory: Sendable {
    /// A new engine for `variant`, for one worker's exclusive use.
    func makeEngine(variant: Variant) throws -> any InferenceEngine
    /// SHA-256 of the model file behind `variant`, hex, for reports.
    func modelSHA256(variant: Variant) throws -> String
}
