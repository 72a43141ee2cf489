#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The result of classifying one input, with every class's logit and probability (the
/// convenience form; the hot path reads ``top(of:output:)`` from caller-owned logits).
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
    /// through here or ``top(of:output:)``, so a non-finite output is always a typed error,
    /// never a NaN confidence.
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

    /// The arg-max of `logits` (first on ties) and its softmax probability, without allocating.
    /// - Throws: `EngineError.nonFiniteOutput` naming the first NaN or ±Inf logit, or
    ///   `.input` when `logits` is empty.
    public static func top(of logits: UnsafeBufferPointer<Float>, output: String) throws(EngineError) -> (
        label: Int, confidence: Float
    ) {
        guard !logits.isEmpty else { throw .input("output '\(output)' is empty") }
        var label = 0
        for (index, value) in logits.enumerated() {
            guard value.isFinite else { throw .nonFiniteOutput(output: output, index: index, value: value) }
            if value > logits[label] { label = index }
        }
        let maxLogit = logits[label]
        var sum: Float = 0
        for value in logits { sum += expf(value - maxLogit) }
        return (label, 1 / sum)
    }
}
