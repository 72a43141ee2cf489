extension Tensor {
    /// The same elements with another shape, sharing storage (no copy when contiguous).
    /// - Precondition: `newShape.elementCount == count`.
    public func reshaped(_ newShape: Shape) -> Tensor {
        precondition(newShape.elementCount == count, "cannot reshape \(shape) to \(newShape)")
        let base = contiguous()
        return Tensor(shape: newShape, strides: newShape.contiguousStrides, offset: base.offset, storage: base.storage)
    }

    /// A view of `range` along `axis`, sharing storage.
    public func sliced(_ range: Range<Int>, axis: Int = 0) -> Tensor {
        precondition(
            axis >= 0 && axis < rank && range.lowerBound >= 0 && range.upperBound <= shape[axis],
            "slice \(range) out of range for axis \(axis) of \(shape)")
        var newShape = shape
        newShape.dims[axis] = range.count
        return Tensor(
            shape: newShape, strides: strides, offset: offset + range.lowerBound * strides[axis], storage: storage)
    }

    /// A view with axes reordered: result axis `i` is this tensor's axis `permutation[i]`.
    public func permuted(_ permutation: [Int]) -> Tensor {
        precondition(permutation.sorted() == Array(0..<rank), "bad permutation \(permutation) for rank \(rank)")
        return Tensor(
            shape: Shape(permutation.map { shape[$0] }), strides: permutation.map { strides[$0] },
            offset: offset, storage: storage)
    }

    /// A view of a rank-2 tensor with its axes swapped.
    public func transposed() -> Tensor {
        precondition(rank == 2, "transposed() needs a rank-2 tensor, got \(shape)")
        return permuted([1, 0])
    }
}

extension Tensor where Element == Float {
    /// Largest absolute element-wise difference to `other` (same shape).
    public func maxAbsDifference(_ other: Tensor<Float>) -> Float {
        precondition(shape == other.shape, "shape \(shape) vs \(other.shape)")
        return zip(scalars, other.scalars).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }
}
