/// The project's one JSON value and writer: ordered object keys, serialized by hand.
///
/// Every JSON document EdgeLoop writes (reports, traces, `--json` output, safetensors headers)
/// goes through it, so escaping and number formatting have one rule: RFC 8259 strings,
/// integers without a fraction, non-finite numbers as `null` (JSON has no NaN). It also
/// decodes (`Decodable`, for headers parsed with a `JSONDecoder`) so loaders can check a
/// document's shape by hand and give precise errors. The per-frame log is hand-encoded for
/// speed and uses ``quoted(_:)`` for its strings.
public enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case int(Int)
    /// An unsigned integer too large for `int` (seeds, hashes).
    case uint(UInt64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.uint(let a), .uint(let b)): a == b
        case (.double(let a), .double(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        default: false
        }
    }

    /// Deepest nesting decoded (a safetensors header needs 3: object, entry, shape). Deeper
    /// documents are refused: every level's failed scalar tries build errors carrying the whole
    /// coding path, so 500 nested arrays in a 1 KB header took seconds (found by fuzzing).
    public static let maximumDepth = 16

    public init(from decoder: any Decoder) throws {
        guard decoder.codingPath.count < Self.maximumDepth else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "nested deeper than \(Self.maximumDepth) levels"))
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            let object = try container.decode([String: JSONValue].self)
            self = .object(object.keys.sorted().map { ($0, object[$0]!) })
        }
    }

    /// The value of `key` when this is an object that has it (the first, for a repeated key).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// The value when it is an integer ≥ 0.
    public var nonNegativeInt: Int? {
        if case .int(let value) = self, value >= 0 { return value }
        return nil
    }

    /// A number (`int` or `double`) as a double, nil for anything else.
    public var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .uint(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// A number, or `null` when it is nil.
    public init(_ value: Double?) { self = value.map(JSONValue.double) ?? .null }

    /// An integer, or `null` when it is nil.
    public init(_ value: Int?) { self = value.map(JSONValue.int) ?? .null }

    /// A number rounded to `digits` decimals (for figures whose last bits are noise), or `null`.
    public static func rounded(_ value: Double?, digits: Int) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return .double((value * scale).rounded() / scale)
    }

    /// A string, or `null` when it is nil.
    public init(_ value: String?) { self = value.map(JSONValue.string) ?? .null }

    /// `s` as a JSON string literal, quoted and escaped.
    public static func quoted(_ s: String) -> String {
        var out = ""
        appendQuoted(s, to: &out)
        return out
    }

    /// Compact JSON text, or indented two spaces per level with `pretty`.
    public func serialized(pretty: Bool = false) -> String {
        var out = ""
        write(to: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .uint(let u): out += String(u)
        case .double(let d): JSONValue.appendNumber(d, to: &out)
        case .string(let s): JSONValue.appendQuoted(s, to: &out)
        case .array(let items):
            // Arrays of scalars stay on one line even when pretty (histograms, matrices).
            let flat =
                !pretty
                || items.allSatisfy {
                    if case .array = $0 { return $0.isScalarArray }
                    return $0.isScalar
                }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += flat ? (pretty ? ", " : ",") : "," }
                if !flat { JSONValue.newline(&out, indent + 1) }
                item.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if !flat && !items.isEmpty { JSONValue.newline(&out, indent) }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out += "," }
                if pretty { JSONValue.newline(&out, indent + 1) }
                JSONValue.appendQuoted(key, to: &out)
                out += pretty ? ": " : ":"
                value.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty && !pairs.isEmpty { JSONValue.newline(&out, indent) }
            out += "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    private var isScalarArray: Bool {
        if case .array(let items) = self { return items.allSatisfy(\.isScalar) }
        return false
    }

    private static func newline(_ out: inout String, _ indent: Int) {
        out += "\n"
        out += String(repeating: "  ", count: indent)
    }

    /// Appends `d` as a JSON number; non-finite values become `null` (JSON has no NaN).
    public static func appendNumber(_ d: Double, to out: inout String) {
        guard d.isFinite else {
            out += "null"
            return
        }
        if d == d.rounded() && abs(d) < 1e15 {
            out += String(Int64(d))
        } else {
            out += String(d)
        }
    }

    /// Appends `s` quoted and escaped per RFC 8259.
    public static func appendQuoted(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
