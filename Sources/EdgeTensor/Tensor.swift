/// An n-dimensional array of `Element`s with value semantics (copy on write).
///
/// Storage is 64-byte aligned. A tensor may be a *view*: it shares storage with another tensor
/// and addresses it through `offset` and `strides` (reshape, slice, permute make views without
/// copying). Writing through a shared or strided tensor first copies it into fresh contiguous
/// storage, so views never alias mutations.
public struct Tensor<Element: TensorElement>: Sendable {
    /// The tensor's dimensions.
    public private(set) var shape: Shape
    /// Distance in elements between neighbours along each axis.
    public private(set) var strides: [Int]
    /// Index of element `[0, 0, …]` in `storage`.
    public private(set) var offset: Int
    @usableFromInline var storage: AlignedStorage<Element>

    /// A contiguous tensor filled with `value`.
    public init(shape: Shape, repeating value: Element = .zero) {
        self.shape = shape
        self.strides = shape.contiguousStrides
        self.offset = 0
        self.storage = AlignedStorage(count: shape.elementCount)
        if value != .zero {
            storage.base.initialize(repeating: value, count: shape.elementCount)
        }
    }

    /// A zero-filled contiguous tensor.
    public static func zeros(_ shape: Shape) -> Tensor { Tensor(shape: shape) }

    /// A contiguous tensor holding `scalars` in row-major order.
    /// - Precondition: `scalars.count == shape.elementCount`.
    public init(shape: Shape, scalars: some Collection<Element>) {
        precondition(
            scalars.count == shape.elementCount,
            "\(scalars.count) scalars for shape \(shape) (\(shape.elementCount) elements)")
        self.init(shape: shape)
        var index = 0
        for value in scalars {
            storage.base[index] = value
            index += 1
        }
    }

    /// A contiguous tensor whose elements are written by `body` into an uninitialised-as-zero buffer.
    public init(shape: Shape, initializingWith body: (UnsafeMutableBufferPointer<Element>) throws -> Void) rethrows {
        self.init(shape: shape)
        try body(UnsafeMutableBufferPointer(start: storage.base, count: shape.elementCount))
    }

    init(shape: Shape, strides: [Int], offset: Int, storage: AlignedStorage<Element>) {
        self.shape = shape
        self.strides = strides
        self.offset = offset
        self.storage = storage
    }

    /// The element type tag.
    public var dtype: DType { Element.dtype }
    /// Number of elements.
    public var count: Int { shape.elementCount }
    /// Number of dimensions.
    public var rank: Int { shape.rank }

    /// True when elements are laid out row-major without gaps.
    public var isContiguous: Bool {
        var expected = 1
        for axis in stride(from: shape.rank - 1, through: 0, by: -1) where shape[axis] != 1 {
            if strides[axis] != expected { return false }
            expected *= shape[axis]
        }
        return true
    }

    /// Storage offset of a multi-index. - Precondition: indices in range.
    @inlinable
    func storageIndex(_ indices: [Int]) -> Int {
        precondition(indices.count == shape.rank, "rank \(shape.rank) tensor indexed with \(indices.count) indices")
        var position = offset
        for axis in 0..<indices.count {
            precondition(
                indices[axis] >= 0 && indices[axis] < shape[axis], "index \(indices) out of range for \(shape)")
            position += indices[axis] * strides[axis]
        }
        return position
    }

    /// Element at a multi-index (slow; for tests and tools, not hot loops).
    public subscript(_ indices: Int...) -> Element {
        get { storage.base[storageIndex(indices)] }
        set {
            makeUniqueContiguous()
            storage.base[storageIndex(indices)] = newValue
        }
    }

    /// All elements in row-major order.
    public var scalars: [Element] {
        if isContiguous {
            return Array(UnsafeBufferPointer(start: storage.base + offset, count: count))
        }
        var result = [Element]()
        result.reserveCapacity(count)
        forEachStorageIndex { result.append(storage.base[$0]) }
        return result
    }

    /// Calls `body` with every storage index in row-major order of the logical elements.
    func forEachStorageIndex(_ body: (Int) -> Void) {
        if count == 0 { return }
        var index = [Int](repeating: 0, count: shape.rank)
        var position = offset
        while true {
            body(position)
            var axis = shape.rank - 1
            while axis >= 0 {
                index[axis] += 1
                position += strides[axis]
                if index[axis] < shape[axis] { break }
                position -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }

    /// A contiguous copy if this tensor is strided; itself otherwise.
    public func contiguous() -> Tensor {
        if isContiguous { return self }
        let copy = Tensor(shape: shape)
        var destination = 0
        let base = storage.base
        forEachStorageIndex { source in
            copy.storage.base[destination] = base[source]
            destination += 1
        }
        return copy
    }

    mutating func makeUniqueContiguous() {
        if isKnownUniquelyReferenced(&storage) && isContiguous && offset == 0 && storage.count == count { return }
        let fresh = Tensor(shape: shape, scalars: scalars)
        self = fresh
    }

    /// Calls `body` with the elements in row-major order. The pointer must not escape `body`.
    /// Strided views are copied to contiguous memory first.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        if isContiguous {
            return try body(UnsafeBufferPointer(start: storage.base + offset, count: count))
        }
        let copy = contiguous()
        return try withExtendedLifetime(copy) {
            try body(UnsafeBufferPointer(start: copy.storage.base + copy.offset, count: copy.count))
        }
    }

    /// Calls `body` with mutable access to the elements in row-major order, copying first if the
    /// storage is shared or strided. The pointer must not escape `body`.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Element>) throws -> R
    ) rethrows -> R {
        makeUniqueContiguous()
        return try body(UnsafeMutableBufferPointer(start: storage.base + offset, count: count))
    }
}

extension Tensor: Equatable where Element: Equatable {
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && lhs.scalars == rhs.scalars
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor<\(Element.dtype)>\(shape)[\(preview)\(count > 8 ? ", …" : "")]"
    }
}
