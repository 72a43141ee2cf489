import EdgeImaging

/// The preprocessing stage.
public struct PreprocessConfig: Sendable {
    /// Most frames taken from the input queue per wake-up.
    public var batch: Int = 16
    /// How frames become the model's input (`mode`, `size`, ... in the section); nil when the
    /// file gives none: then the model's `edge.preprocess`, else digit mode for a 1×28×28
    /// model (the CLI resolves it before the run, see ``FrameClassifier/resolve(_:model:signature:path:)``).
    public var spec: Preprocess?
    public init() {}
}
