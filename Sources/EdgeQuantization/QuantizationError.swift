/// Why a graph cannot be quantized: one line naming the node or tensor and the problem.
public struct QuantizationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
