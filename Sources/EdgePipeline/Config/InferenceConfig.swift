import EdgeRuntime

/// The inference stage.
public struct InferenceConfig: Sendable {
    public var variant: Variant = .eager
    /// Model file; nil means the variant's default in `models/`.
    public var model: String?
    /// Engine replicas, each in its own actor.
    public var workers: Int = 1
    /// Most frames taken from the input queue per wake-up.
    public var batch: Int = 8
    /// Class names, index = class (from the model's `edge.classes`; set by the CLI), for the
    /// log and the report; nil when the model names none.
    public var classNames: [String]?
    public init() {}
}
