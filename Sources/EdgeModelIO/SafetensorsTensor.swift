import EdgeGraph
import EdgeTensor

/// One tensor of a safetensors file: element type, shape and little-endian bytes.
///
/// Invariant: `bytes.count == shape.elementCount * dtype.byteSize`.
public struct SafetensorsTensor: Sendable, Equatable {
    public let dtype: SafetensorsDType
    public let shape: Shape
    public let bytes: [UInt8]

    /// A tensor from raw little-endian bytes.
    /// - Precondition: the byte count matches shape and dtype.
    public init(dtype: SafetensorsDType, shape: Shape, bytes: [UInt8]) {
        precondition(
            bytes.count == shape.elementCount * dtype.byteSize,
            "\(bytes.count) bytes for \(dtype) \(shape)")
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// An `F32` tensor holding `tensor`'s elements.
    public init(_ tensor: Tensor<Float>) {
        var bytes = [UInt8](repeating: 0, count: tensor.count * 4)
        tensor.withUnsafeBufferPointer { values in
            for (index, value) in values.enumerated() {
                let bits = value.bitPattern.littleEndian
                withUnsafeBytes(of: bits) { raw in
                    for byte in 0..<4 { bytes[index * 4 + byte] = raw[byte] }
                }
            }
        }
        self.init(dtype: .float32, shape: tensor.shape, bytes: bytes)
    }

    /// An `I64` tensor of `shape` holding `values`.
    public init(int64 values: [Int64], shape: Shape) {
        precondition(values.count == shape.elementCount)
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * 8)
        for value in values {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        self.init(dtype: .int64, shape: shape, bytes: bytes)
    }

    /// The elements as a float tensor, or nil unless the dtype is `F32`.
    public var floatTensor: Tensor<Float>? {
        guard dtype == .float32 else { return nil }
        return Tensor(shape: shape) { buffer in
            bytes.withUnsafeBytes { raw in
                for index in 0..<buffer.count {
                    buffer[index] = Float(
                        bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
                }
            }
        }
    }

    /// The elements as 64-bit integers, or nil unless the dtype is `I64`.
    public var int64Values: [Int64]? {
        guard dtype == .int64 else { return nil }
        return bytes.withUnsafeBytes { raw in
            (0..<shape.elementCount).map {
                Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self))
            }
        }
    }
}
