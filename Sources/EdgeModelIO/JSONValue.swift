/// A parsed JSON value, for headers whose shape we check by hand to give precise errors.
///
/// Decoding refuses values nested deeper than `maximumDepth`: each level tries the scalar types
/// first, and every failed try builds an error carrying the coding path, so a 1 KB header of 500
/// nested arrays took seconds (found by probing the safetensors fuzz target).
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Deepest nesting decoded (a safetensors header needs 3: object, entry, shape).
    static let maximumDepth = 16

    init(from decoder: any Decoder) throws {
        guard decoder.codingPath.count < Self.maximumDepth else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "nested deeper than \(Self.maximumDepth) levels"))
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// The value when it is an integer ≥ 0.
    var nonNegativeInt: Int? {
        if case .int(let value) = self, value >= 0 { return value }
        return nil
    }
}
