import EdgeGraph
import EdgeTensor

/// Element moves on constant tensors of any element type, for folding shape subgraphs at
/// import (`GraphReader+ShapeFolding.swift`). Shapes passed in are already validated.
extension TensorData {
    /// The same elements with another shape of the same element count.
    func reshaped(_ shape: Shape) -> TensorData {
        picking(Array(0..<elementCount), shape: shape)
    }

    /// A tensor of `shape` whose element `i` is this tensor's flat element `indices[i]`.
    /// - Precondition: every index is in range and `indices.count == shape.elementCount`.
    func picking(_ indices: [Int], shape: Shape) -> TensorData {
        switch self {
        case .float32(let t):
            let s = t.scalars
            return .float32(Tensor(shape: shape, scalars: indices.map { s[$0] }))
        case .int8(let t):
            let s = t.scalars
            return .int8(Tensor(shape: shape, scalars: indices.map { s[$0] }))
        case .uint8(let t):
            let s = t.scalars
            return .uint8(Tensor(shape: shape, scalars: indices.map { s[$0] }))
        case .int32(let t):
            let s = t.scalars
            return .int32(Tensor(shape: shape, scalars: indices.map { s[$0] }))
        case .int64(_, let values):
            return .int64(shape: shape, values: indices.map { values[$0] })
        }
    }

    /// `parts` (same element type, checked by the caller) joined block by block: `outer`
    /// blocks, each made of `blocks[i]` consecutive elements of part `i`.
    static func concatenating(_ parts: [TensorData], outer: Int, blocks: [Int], shape: Shape) -> TensorData {
        var sources: [(part: Int, index: Int)] = []
        sources.reserveCapacity(shape.elementCount)
        for o in 0..<outer {
            for (part, block) in blocks.enumerated() {
                for j in 0..<block { sources.append((part, o * block + j)) }
            }
        }
        func join<T>(_ arrays: [[T]]) -> [T] { sources.map { arrays[$0.part][$0.index] } }
        switch parts[0] {
        case .float32: return .float32(Tensor(shape: shape, scalars: join(parts.map { $0.floatTensor!.scalars })))
        case .int64: return .int64(shape: shape, values: join(parts.map { $0.int64Values! }))
        case .int32:
            return .int32(
                Tensor(shape: shape, scalars: join(parts.map { if case .int32(let t) = $0 { t.scalars } else { [] } })))
        case .int8:
            return .int8(
                Tensor(shape: shape, scalars: join(parts.map { if case .int8(let t) = $0 { t.scalars } else { [] } })))
        case .uint8:
            return .uint8(
                Tensor(shape: shape, scalars: join(parts.map { if case .uint8(let t) = $0 { t.scalars } else { [] } })))
        }
    }

    /// The elements as int64 when they are integers.
    var int64Values: [Int64]? {
        switch self {
        case .float32: nil
        case .int8(let t): t.scalars.map(Int64.init)
        case .uint8(let t): t.scalars.map(Int64.init)
        case .int32(let t): t.scalars.map(Int64.init)
        case .int64(_, let values): values
        }
    }

    /// The elements as doubles (exact for floats and every int32).
    var doubleValues: [Double] {
        switch self {
        case .float32(let t): t.scalars.map(Double.init)
        default: int64Values!.map(Double.init)
        }
    }

    /// This tensor converted to `target` as ONNX `Cast` does, or nil when an element is not
    /// representable there (NaN or out of range for an integer type: refused, not wrapped).
    func cast(to target: ElementType) -> TensorData? {
        if target == elementType { return self }
        if target == .float32 { return .float32(Tensor(shape: shape, scalars: doubleValues.map { Float($0) })) }
        let integers: [Int64]
        if let exact = int64Values {
            integers = exact
        } else {
            var converted: [Int64] = []
            for value in doubleValues {
                // Float to integer truncates toward zero (numpy's astype).
                guard value.isFinite, let exact = Int64(exactly: value.rounded(.towardZero)) else { return nil }
                converted.append(exact)
            }
            integers = converted
        }
        func narrow<T: FixedWidthInteger>(_: T.Type) -> [T]? {
            var result: [T] = []
            for value in integers {
                guard let v = T(exactly: value) else { return nil }
                result.append(v)
            }
            return result
        }
        switch target {
        case .float32: return nil
        case .int64: return .int64(shape: shape, values: integers)
        case .int32: return narrow(Int32.self).map { .int32(Tensor(shape: shape, scalars: $0)) }
        case .int8: return narrow(Int8.self).map { .int8(Tensor(shape: shape, scalars: $0)) }
        case .uint8: return narrow(UInt8.self).map { .uint8(Tensor(shape: shape, scalars: $0)) }
        }
    }
}
