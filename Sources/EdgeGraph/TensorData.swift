import EdgeTensor

/// The contents of a constant tensor held by a graph (an initializer: weights, biases,
/// quantization parameters, shape operands).
public enum TensorData: Sendable, Equatable {
    case float32(Tensor<Float>)
    case int8(Tensor<Int8>)
    case uint8(Tensor<UInt8>)
    case int32(Tensor<Int32>)
    /// 64-bit integers, kept as plain values: no kernel computes on them.
    case int64(shape: Shape, values: [Int64])

    /// The tensor's shape.
    public var shape: Shape {
        switch self {
        case .float32(let t): t.shape
        case .int8(let t): t.shape
        case .uint8(let t): t.shape
        case .int32(let t): t.shape
        case .int64(let shape, _): shape
        }
    }

    /// The tensor's element type.
    public var elementType: ElementType {
        switch self {
        case .float32: .float32
        case .int8: .int8
        case .uint8: .uint8
        case .int32: .int32
        case .int64: .int64
        }
    }

    /// Element type and shape together.
    public var type: TensorType { TensorType(elementType, shape) }

    /// Number of elements.
    public var elementCount: Int { shape.elementCount }

    /// The float tensor, or nil when the elements are not `float32`.
    public var floatTensor: Tensor<Float>? {
        if case .float32(let t) = self { return t }
        return nil
    }

    /// The elements as integers when they are integral (int8/uint8/int32/int64), else nil.
    /// Used to read shape operands such as Reshape's target shape.
    public var integerValues: [Int]? {
        switch self {
        case .float32: nil
        case .int8(let t): t.scalars.map(Int.init)
        case .uint8(let t): t.scalars.map(Int.init)
        case .int32(let t): t.scalars.map(Int.init)
        case .int64(_, let values): values.map(Int.init)
        }
    }
}
