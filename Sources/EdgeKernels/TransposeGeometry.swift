import EdgeTensor

/// The index arithmetic of an axis permutation (ONNX `Transpose`), computed once: output axis
/// `i` is input axis `perm[i]`. Size-1 axes are dropped and output axes that are consecutive in
/// the input merged, so the kernel loops over few axes and copies contiguous runs.
public struct TransposeGeometry: Sendable, Hashable {
    /// The input shape.
    public let input: Shape
    /// The permutation: output axis `i` is input axis `perm[i]`.
    public let perm: [Int]
    /// The output shape, `input.dims[perm[i]]`.
    public let outputShape: Shape
    /// Number of elements (input and output).
    public let count: Int

    /// Merged output dims, outermost first (at least one; the last is the inner loop).
    let dims: [Int]
    /// Input element stride along each merged output dim.
    let inputStrides: [Int]
    /// Row-major strides of the merged output dims.
    let outputStrides: [Int]

    /// The geometry of transposing `input` by `perm` (nil: reversed axes, ONNX's default).
    /// - Throws: `KernelError` when `perm` is not a permutation of `0..<rank`.
    public init(input: Shape, perm: [Int]? = nil) throws(KernelError) {
        let rank = input.rank
        let perm = perm ?? Array((0..<rank).reversed())
        guard perm.count == rank, Set(perm) == Set(0..<rank) else {
            throw KernelError("transpose: perm \(perm) is not a permutation of the \(rank) axes of \(input)")
        }
        let strides = input.contiguousStrides
        self.input = input
        self.perm = perm
        self.outputShape = Shape(perm.map { input[$0] })
        self.count = input.elementCount
        var dims: [Int] = []
        var inputStrides: [Int] = []
        for axis in perm where input[axis] != 1 {
            if let last = inputStrides.last, last == strides[axis] * input[axis] {
                dims[dims.count - 1] *= input[axis]
                inputStrides[inputStrides.count - 1] = strides[axis]
            } else {
                dims.append(input[axis])
                inputStrides.append(strides[axis])
            }
        }
        if dims.isEmpty {
            dims = [1]
            inputStrides = [1]
        }
        var outputStrides = [Int](repeating: 1, count: dims.count)
        var running = 1
        for axis in stride(from: dims.count - 1, through: 0, by: -1) {
            outputStrides[axis] = running
            running *= dims[axis]
        }
        self.dims = dims
        self.inputStrides = inputStrides
        self.outputStrides = outputStrides
    }
}
