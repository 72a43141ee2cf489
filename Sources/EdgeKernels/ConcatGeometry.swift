import EdgeTensor

/// The layout of a concatenation along one axis (ONNX `Concat`), computed once from the input
/// shapes: each input is `outer` blocks of `blockCounts[i]` contiguous elements, and block `o`
/// of input `i` lands at `o · outputBlockCount + blockOffsets[i]` in the output.
public struct ConcatGeometry: Sendable, Hashable {
    /// The input shapes, in order.
    public let inputs: [Shape]
    /// The concatenation axis, normalized to `0..<rank`.
    public let axis: Int
    /// The output shape: the inputs' shape with the axis dims summed.
    public let outputShape: Shape
    /// Number of output elements.
    public let outputCount: Int
    /// Product of the dims before `axis`.
    public let outer: Int
    /// Elements of one block of each input (`dims[axis...]` multiplied).
    public let blockCounts: [Int]
    /// Where each input's block starts within an output block.
    public let blockOffsets: [Int]
    /// Elements of one output block (the sum of `blockCounts`).
    public let outputBlockCount: Int

    /// The geometry of concatenating `inputs` along `axis` (negative counts from the end).
    /// - Throws: `KernelError` for no inputs, differing ranks, an axis outside `-rank..<rank`,
    ///   dims that differ off the axis, or an output too large for a tensor.
    public init(inputs: [Shape], axis: Int) throws(KernelError) {
        guard let first = inputs.first else { throw KernelError("concat: needs at least one input") }
        let rank = first.rank
        guard axis >= -rank && axis < rank else {
            throw KernelError("concat: axis \(axis) is outside -\(rank)..<\(rank) for \(first)")
        }
        let axis = axis < 0 ? axis + rank : axis
        var axisTotal = 0
        for shape in inputs {
            guard shape.rank == rank else {
                throw KernelError("concat: input \(shape) has rank \(shape.rank), the first input \(first) \(rank)")
            }
            for d in 0..<rank where d != axis && shape[d] != first[d] {
                throw KernelError("concat: input \(shape) differs from \(first) off axis \(axis)")
            }
            guard let sum = CheckedSize.sum(axisTotal, shape[axis]) else {
                throw KernelError("concat: the axis \(axis) dims overflow")
            }
            axisTotal = sum
        }
        var dims = first.dims
        dims[axis] = axisTotal
        do {
            self.outputShape = try Shape(validating: dims)
        } catch {
            throw KernelError("concat: output \(error)")
        }
        let inner = dims[(axis + 1)...].reduce(1, *)
        self.inputs = inputs
        self.axis = axis
        self.outputCount = outputShape.elementCount
        self.outer = dims[..<axis].reduce(1, *)
        self.blockCounts = inputs.map { $0[axis] * inner }
        var offsets: [Int] = []
        var running = 0
        for count in blockCounts {
            offsets.append(running)
            running += count
        }
        self.blockOffsets = offsets
        self.outputBlockCount = running
    }
}
