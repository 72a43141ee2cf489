/// The element types a tensor can hold.
public enum DType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case float32, int8, uint8, int32

    /// Size of one element in bytes.
    public var byteSize: Int {
        switch self {
        case .float32, .int32: 4
        case .int8, .uint8: 1
        }
    }

    public var description: String { rawValue }
}

/// A scalar type that can be stored in a `Tensor`.
public protocol TensorElement: BitwiseCopyable, Sendable, Numeric, Comparable {
    /// The `DType` tag of this scalar type.
    static var dtype: DType { get }
}

extension Float: TensorElement { public static var dtype: DType { .float32 } }
extension Int8: TensorElement { public static var dtype: DType { .int8 } }
extension UInt8: TensorElement { public static var dtype: DType { .uint8 } }
extension Int32: TensorElement { public static var dtype: DType { .int32 } }
