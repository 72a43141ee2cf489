/// Why bytes are not a valid safetensors file. `description` is one line; `ModelFileError`
/// prefixes it with the file path.
public enum SafetensorsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Fewer than the 8 bytes of the header-length field.
    case tooShort(byteCount: Int)
    /// The header-length field points past the end of the file.
    case headerLength(claimed: UInt64, available: Int)
    /// The header is not a UTF-8 JSON object of the expected form.
    case header(String)
    /// One tensor's header entry is malformed or inconsistent.
    case entry(String, problem: String)
    /// A tensor's data lies past the end of the file.
    case truncated(tensor: String, end: Int, available: Int)
    /// Tensors do not tile the data section exactly (gap, overlap or trailing bytes).
    case layout(String)

    public var description: String {
        switch self {
        case .tooShort(let count):
            "file is \(count) bytes, too short for a safetensors header"
        case .headerLength(let claimed, let available):
            "header length field claims \(claimed) bytes but only \(available) bytes follow (truncated or not safetensors)"
        case .header(let problem):
            "bad safetensors header: \(problem)"
        case .entry(let name, let problem):
            "tensor '\(name)': \(problem)"
        case .truncated(let tensor, let end, let available):
            "truncated: tensor '\(tensor)' ends at data byte \(end) but the file has only \(available) data bytes"
        case .layout(let problem):
            "bad safetensors layout: \(problem)"
        }
    }
}
