/// The extent of each dimension of a tensor, outermost first (NCHW for images).
public struct Shape: Hashable, Sendable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// Dimension sizes, outermost first. Every entry is ≥ 0.
    public var dims: [Int]

    /// A shape from dimensions the program itself computed.
    /// - Precondition: every entry is ≥ 0 and the element count fits in `Int`. Sizes read from
    ///   a file go through ``init(validating:)`` instead, which throws.
    public init(_ dims: [Int]) {
        precondition(dims.allSatisfy { $0 >= 0 }, "negative dimension in \(dims)")
        precondition(CheckedSize.product(dims) != nil, "element count of \(dims) overflows")
        self.dims = dims
    }

    /// A shape from dimensions read from a file: each ≥ 0 and the element count at most `limit`.
    /// - Throws: ``SizeError`` describing the first problem.
    public init(validating dims: [Int], limit: Int = CheckedSize.limit) throws(SizeError) {
        _ = try CheckedSize.count(dims, of: "shape", limit: limit)
        self.dims = dims
    }

    public init(arrayLiteral elements: Int...) { self.init(elements) }

    /// Number of dimensions.
    @inlinable public var rank: Int { dims.count }

    /// Number of elements (1 for a scalar, rank 0).
    @inlinable public var elementCount: Int { dims.reduce(1, *) }

    @inlinable public subscript(axis: Int) -> Int { dims[axis] }

    /// Row-major (C-contiguous) strides in elements.
    public var contiguousStrides: [Int] {
        var strides = [Int](repeating: 1, count: dims.count)
        var running = 1
        for axis in stride(from: dims.count - 1, through: 0, by: -1) {
            strides[axis] = running
            running *= dims[axis]
        }
        return strides
    }

    public var description: String { "[" + dims.map(String.init).joined(separator: ",") + "]" }
}
