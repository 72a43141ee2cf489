import EdgeTensor

/// The index arithmetic of a numpy-broadcast binary operation (ONNX `Add`, `Mul`), computed once
/// from the two operand shapes so the pointer-level kernels run without allocating.
///
/// The output has the broadcast shape. Adjacent axes along which both operands either advance
/// or both stay put are merged, so the kernels loop over at most a few axes; the innermost one
/// is walked with a per-operand stride of 0 (broadcast) or 1.
public struct BroadcastGeometry: Sendable, Hashable {
    /// Shape of the first operand.
    public let a: Shape
    /// Shape of the second operand.
    public let b: Shape
    /// The broadcast shape of `a` and `b`: the output's shape.
    public let outputShape: Shape
    /// Number of output elements.
    public let outputCount: Int
    /// True when no broadcasting happens (same shapes): a plain element-wise loop.
    public let isElementwise: Bool

    /// Merged output dims, outermost first (at least one; the last is the inner loop).
    let dims: [Int]
    /// Element strides of `a` and `b` along the merged dims (0 where the operand broadcasts).
    let aStrides: [Int]
    let bStrides: [Int]
    /// Row-major strides of the merged output dims, for decomposing a row index.
    let outputStrides: [Int]

    /// The geometry of `a ⊙ b`.
    /// - Throws: `KernelError` when the shapes do not broadcast (numpy rules: right-aligned,
    ///   each pair of dims equal or one of them 1).
    public init(a: Shape, b: Shape) throws(KernelError) {
        let rank = max(a.rank, b.rank)
        func dim(_ shape: Shape, _ axis: Int) -> Int {
            axis < rank - shape.rank ? 1 : shape[axis - (rank - shape.rank)]
        }
        var out: [Int] = []
        for axis in 0..<rank {
            let (da, db) = (dim(a, axis), dim(b, axis))
            guard da == db || da == 1 || db == 1 else {
                throw KernelError("broadcast: shapes \(a) and \(b) do not broadcast")
            }
            out.append(da == 1 ? db : da)
        }
        self.a = a
        self.b = b
        self.outputShape = Shape(out)
        self.outputCount = outputShape.elementCount
        self.isElementwise = a == b

        // Drop size-1 output axes, then merge neighbours with the same broadcast pattern.
        var dims: [Int] = []
        var pattern: [(Bool, Bool)] = []  // (a advances, b advances)
        for axis in 0..<rank where out[axis] != 1 {
            let p = (dim(a, axis) != 1, dim(b, axis) != 1)
            if let last = pattern.last, last == p {
                dims[dims.count - 1] *= out[axis]
            } else {
                dims.append(out[axis])
                pattern.append(p)
            }
        }
        if dims.isEmpty {
            dims = [1]
            pattern = [(true, true)]
        }
        var aStrides = [Int](repeating: 0, count: dims.count)
        var bStrides = [Int](repeating: 0, count: dims.count)
        var outputStrides = [Int](repeating: 1, count: dims.count)
        var (runA, runB, runOut) = (1, 1, 1)
        for axis in stride(from: dims.count - 1, through: 0, by: -1) {
            if pattern[axis].0 {
                aStrides[axis] = runA
                runA *= dims[axis]
            }
            if pattern[axis].1 {
                bStrides[axis] = runB
                runB *= dims[axis]
            }
            outputStrides[axis] = runOut
            runOut *= dims[axis]
        }
        self.dims = dims
        self.aStrides = aStrides
        self.bStrides = bStrides
        self.outputStrides = outputStrides
    }

    /// `output[i] = op(a[ia], b[ib])` over the broadcast index space. No allocation.
    @inline(__always)
    func apply(
        a: UnsafePointer<Float>, b: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        _ op: (Float, Float) -> Float
    ) {
        let last = dims.count - 1
        let inner = dims[last]
        let (sa, sb) = (aStrides[last], bStrides[last])
        let rows = outputCount / max(inner, 1)
        for row in 0..<rows {
            // Decompose the row index over the outer merged dims.
            var rest = row * inner
            var (offsetA, offsetB) = (0, 0)
            for axis in 0..<last {
                let index = rest / outputStrides[axis]
                rest -= index * outputStrides[axis]
                offsetA += index * aStrides[axis]
                offsetB += index * bStrides[axis]
            }
            let pa = a + offsetA
            let pb = b + offsetB
            let po = output + row * inner
            for j in 0..<inner { po[j] = op(pa[j * sa], pb[j * sb]) }
        }
    }

    /// The naive version of ``apply(a:b:output:_:)``: every output index decomposed over the
    /// unmerged broadcast shape (the oracle for tests).
    func applyReference(
        a: UnsafePointer<Float>, b: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        _ op: (Float, Float) -> Float
    ) {
        let out = outputShape.dims
        let rank = out.count
        let outStrides = outputShape.contiguousStrides
        func offset(_ index: Int, _ shape: Shape) -> Int {
            let strides = shape.contiguousStrides
            var result = 0
            for axis in 0..<shape.rank {
                let outAxis = axis + rank - shape.rank
                let coordinate = (index / outStrides[outAxis]) % out[outAxis]
                result += (shape[axis] == 1 ? 0 : coordinate) * strides[axis]
            }
            return result
        }
        for i in 0..<outputCount { output[i] = op(a[offset(i, self.a)], b[offset(i, self.b)]) }
    }
}
