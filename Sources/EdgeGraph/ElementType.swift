import EdgeTensor

/// The element type of a value in a graph.
///
/// A superset of `DType`: graphs loaded from model files also carry 64-bit integers (ONNX shape
/// tensors, PyTorch's `num_batches_tracked`), which no kernel computes on.
public enum ElementType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case float32, int8, uint8, int32, int64

    /// The matching tensor element type, or nil for `int64`.
    public var dtype: DType? {
        switch self {
        case .float32: .float32
        case .int8: .int8
        case .uint8: .uint8
        case .int32: .int32
        case .int64: nil
        }
    }

    /// Size of one element in bytes.
    public var byteSize: Int {
        switch self {
        case .float32, .int32: 4
        case .int8, .uint8: 1
        case .int64: 8
        }
    }

    public init(_ dtype: DType) {
        switch dtype {
        case .float32: self = .float32
        case .int8: self = .int8
        case .uint8: self = .uint8
        case .int32: self = .int32
        }
    }

    public var description: String { rawValue }
}
