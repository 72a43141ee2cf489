/// Why an IDX file (or an MNIST split made of two) could not be loaded.
///
/// `description` is one line naming the file and the problem.
public struct IDXError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The file could not be opened or read.
        case unreadable
        /// The first two bytes are not zero, or the dimension count is 0.
        case wrongMagic
        /// The element type byte is not `0x08` (unsigned byte), the only type MNIST uses.
        case unsupportedType
        /// The file is shorter than its header says.
        case truncated
        /// The file is longer than its header says.
        case trailingBytes
        /// Images and labels disagree in count, or the shape is not what the data set needs.
        case countMismatch
        /// A label outside 0–9.
        case badLabel
    }

    public let kind: Kind
    public let path: String
    public let message: String

    public init(_ kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
