/// An activation applied to a kernel's output before it is stored (conv/linear epilogue).
public enum FusedActivation: Sendable, Hashable {
    /// Store the result as is.
    case none
    /// Store `max(0, result)`.
    case relu
}
