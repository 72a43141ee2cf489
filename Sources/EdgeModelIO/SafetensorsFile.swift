import EdgeIO
import EdgeTensor
import Foundation

/// The contents of a safetensors file: named tensors and optional string metadata.
///
/// Format (https://github.com/huggingface/safetensors): an 8-byte little-endian header length
/// `N`, `N` bytes of UTF-8 JSON mapping each tensor name to `{"dtype", "shape",
/// "data_offsets": [begin, end]}` (offsets relative to the data section) plus an optional
/// `"__metadata__"` string map, then the data section. Parsing checks everything the format
/// promises: offsets match shape × dtype, lie inside the file, and tile the data section with
/// no gap, overlap or trailing byte.
public struct SafetensorsFile: Sendable, Equatable {
    /// Largest header accepted (the reference implementation's limit), so a lying length field
    /// cannot make us allocate gigabytes.
    public static let maximumHeaderBytes = 100_000_000

    /// Tensors by name.
    public private(set) var tensors: [String: SafetensorsTensor]
    /// Tensor names in file order (data order when read, insertion order when built).
    public private(set) var names: [String]
    /// The `__metadata__` map (PyTorch writes `{"format": "pt"}`).
    public var metadata: [String: String]

    /// An empty file with `metadata`.
    public init(metadata: [String: String] = ["format": "pt"]) {
        tensors = [:]
        names = []
        self.metadata = metadata
    }

    /// Adds or replaces the tensor `name`.
    public mutating func set(_ name: String, _ tensor: SafetensorsTensor) {
        if tensors.updateValue(tensor, forKey: name) == nil { names.append(name) }
    }

    public subscript(name: String) -> SafetensorsTensor? { tensors[name] }

    /// Parses a whole safetensors file held in memory.
    /// - Throws: `SafetensorsError` for the first problem found.
    public init(bytes: [UInt8]) throws(SafetensorsError) {
        guard bytes.count >= 8 else { throw .tooShort(byteCount: bytes.count) }
        let claimed = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard claimed <= UInt64(bytes.count - 8) else {
            throw .headerLength(claimed: claimed, available: bytes.count - 8)
        }
        let headerLength = Int(claimed)
        guard headerLength <= Self.maximumHeaderBytes else {
            throw .header("header of \(headerLength) bytes exceeds the \(Self.maximumHeaderBytes)-byte limit")
        }
        let dataStart = 8 + headerLength
        let dataCount = bytes.count - dataStart
        let header = try Self.parseHeader(Data(bytes[8..<dataStart]))

        var spans: [(name: String, begin: Int, end: Int)] = []
        var entries: [String: (SafetensorsDType, Shape, Int, Int)] = [:]
        for name in header.keys.sorted() where name != "__metadata__" {
            let (dtype, shape, begin, end) = try Self.parseEntry(name, header[name]!)
            spans.append((name, begin, end))
            entries[name] = (dtype, shape, begin, end)
        }
        spans.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var position = 0
        for span in spans {
            if span.begin < position {
                throw .layout(
                    "tensor '\(span.name)' at data bytes \(span.begin)..<\(span.end) overlaps the previous tensor")
            }
            if span.begin > position {
                throw .layout("gap of \(span.begin - position) bytes before tensor '\(span.name)'")
            }
            guard span.end <= dataCount else {
                throw .truncated(tensor: span.name, end: span.end, available: dataCount)
            }
            position = span.end
        }
        if position != dataCount {
            throw .layout("\(dataCount - position) bytes after the last tensor")
        }

        self.init(metadata: try Self.parseMetadata(header["__metadata__"]))
        for span in spans {
            let (dtype, shape, begin, end) = entries[span.name]!
            set(
                span.name,
                SafetensorsTensor(
                    dtype: dtype, shape: shape, bytes: Array(bytes[(dataStart + begin)..<(dataStart + end)])))
        }
    }

    private static func parseHeader(_ data: Data) throws(SafetensorsError) -> [String: JSONValue] {
        guard String(data: data, encoding: .utf8) != nil else { throw .header("not UTF-8") }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .header("not valid JSON")
        }
        guard case .object(let pairs) = value else { throw .header("not a JSON object") }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    private static func parseMetadata(_ value: JSONValue?) throws(SafetensorsError) -> [String: String] {
        guard let value else { return [:] }
        guard case .object(let map) = value else { throw .header("__metadata__ must be an object") }
        var result: [String: String] = [:]
        for (key, entry) in map {
            guard case .string(let text) = entry else { throw .header("__metadata__ value '\(key)' is not a string") }
            result[key] = text
        }
        return result
    }

    private static func parseEntry(_ name: String, _ value: JSONValue) throws(SafetensorsError)
        -> (SafetensorsDType, Shape, Int, Int)
    {
        guard case .object = value else { throw .entry(name, problem: "entry is not a JSON object") }
        let entry = value
        guard case .string(let dtypeName)? = entry["dtype"] else { throw .entry(name, problem: "missing \"dtype\"") }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            throw .entry(name, problem: "unknown dtype \"\(dtypeName)\"")
        }
        guard case .array(let rawShape)? = entry["shape"] else { throw .entry(name, problem: "missing \"shape\" list") }
        var dims: [Int] = []
        for dim in rawShape {
            guard let size = dim.nonNegativeInt else {
                throw .entry(name, problem: "shape has an entry that is not a non-negative integer")
            }
            dims.append(size)
        }
        guard case .array(let offsets)? = entry["data_offsets"], offsets.count == 2,
            let begin = offsets[0].nonNegativeInt, let end = offsets[1].nonNegativeInt
        else {
            throw .entry(name, problem: "\"data_offsets\" must be two non-negative integers")
        }
        guard begin <= end else { throw .entry(name, problem: "data_offsets [\(begin), \(end)] run backwards") }
        let shape: Shape
        do {
            shape = try Shape(validating: dims)
        } catch {
            throw .entry(name, problem: error.description)
        }
        let byteCount = CheckedSize.product(dims + [dtype.byteSize])
        guard let byteCount, end - begin == byteCount else {
            let needed = byteCount.map(String.init) ?? "more than Int.max"
            throw .entry(
                name,
                problem:
                    "data_offsets [\(begin), \(end)] hold \(end - begin) bytes but \(dtype) \(shape) needs \(needed)")
        }
        return (dtype, shape, begin, end)
    }

    /// The file's bytes: header (JSON padded with spaces to a multiple of 8 bytes, tensors in
    /// `names` order) followed by the data section.
    public func serialized() -> [UInt8] {
        var fields: [(String, JSONValue)] = []
        if !metadata.isEmpty {
            fields.append(("__metadata__", .object(metadata.keys.sorted().map { ($0, .string(metadata[$0]!)) })))
        }
        var offset = 0
        for name in names {
            let tensor = tensors[name]!
            fields.append(
                (
                    name,
                    .object([
                        ("dtype", .string(tensor.dtype.rawValue)),
                        ("shape", .array(tensor.shape.dims.map(JSONValue.int))),
                        ("data_offsets", .array([.int(offset), .int(offset + tensor.bytes.count)])),
                    ])
                ))
            offset += tensor.bytes.count
        }
        var header = Array(JSONValue.object(fields).serialized().utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var bytes = [UInt8]()
        bytes.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes += header
        for name in names { bytes += tensors[name]!.bytes }
        return bytes
    }
}
