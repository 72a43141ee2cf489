/// The preprocessing stage.
public struct PreprocessConfig: Sendable {
    /// Most frames taken from the input queue per wake-up.
    public var batch: Int = 16
    public init() {}
}
