/// The extent of each dimension of a tensor, outermost first (NCHW for images).
public struct Shape: Hashable, Sendable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// Dimension sizes, outermost first. Every entry is ≥ 0.
    public var dims: [Int]

    /// A shape from dimensions the program itself computed.
    /// - Precondition: every entry is ≥ 0 and the element count fits in `Int`. Sizes read from
    ///   a file go through ``init(validating:)`` instead, which throws.
    public init(_ dims: [Int]) {
        precondition(dims.allSatisfy { $0 >= 0 }, "negative dimension in \(dims)")
        precondition(CheckedSize.product(dims.map { max($0, 1) }) != nil, "strides of \(dims) overflow")
        self.dims = dims
    }

    /// A shape from dimensions read from a file: each ≥ 0, and the product of the non-zero
    /// dimensions (the largest stride any view of it computes, and the element count when none
    /// is zero) at most `limit`. `[0, 2^32, 2^32]` holds no element but is refused: its strides
    /// would overflow.
    /// - Throws: ``SizeError`` describing the first problem.
    public init(validating dims: [Int], limit: Int = CheckedSize.limit) throws(SizeError) {
        if let negative = dims.first(where: { $0 < 0 }) {
            throw SizeError("shape: negative size \(negative) in \(dims)")
        }
        _ = try CheckedSize.count(dims.filter { $0 != 0 }, of: "shape \(Shape.text(dims))", limit: limit)
        self.dims = dims
    }

    private static func text(_ dims: [Int]) -> String { "[" + dims.map(String.init).joined(separator: ",") + "]" }

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
