/// A kernel was asked to work on tensors whose shapes or parameters do not fit together.
///
/// Thrown by the Tensor-level convenience functions and geometry initialisers; the message is
/// one line naming the kernel and the problem, e.g. `conv2d: input has 3 channels, weight expects 4`.
public struct KernelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One line naming the kernel and what is wrong.
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
