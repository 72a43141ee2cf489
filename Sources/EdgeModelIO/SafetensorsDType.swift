/// Element types of the safetensors format, by their header names.
public enum SafetensorsDType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case bool = "BOOL"
    case uint8 = "U8", int8 = "I8", int16 = "I16", uint16 = "U16"
    case float16 = "F16", bfloat16 = "BF16"
    case int32 = "I32", uint32 = "U32", float32 = "F32"
    case float64 = "F64", int64 = "I64", uint64 = "U64"
    case float8E4M3 = "F8_E4M3", float8E5M2 = "F8_E5M2"

    /// Size of one element in bytes.
    public var byteSize: Int {
        switch self {
        case .bool, .uint8, .int8, .float8E4M3, .float8E5M2: 1
        case .int16, .uint16, .float16, .bfloat16: 2
        case .int32, .uint32, .float32: 4
        case .float64, .int64, .uint64: 8
        }
    }

    public var description: String { rawValue }
}
