import EdgeTensor

extension Softmax {
    /// Allocating softmax over the last axis (any rank ≥ 1).
    /// - Throws: `KernelError` for a rank-0 input.
    public static func forward(_ input: Tensor<Float>, path: KernelPath = .current) throws(KernelError) -> Tensor<Float>
    {
        let (rows, columns) = try rowsAndColumns(input.shape)
        return input.withPointer { x in
            Tensor.filled(input.shape) { y in forward(rows: rows, columns: columns, input: x, output: y, path: path) }
        }
    }

    /// Allocating log-softmax over the last axis.
    /// - Throws: `KernelError` for a rank-0 input.
    public static func logForward(_ input: Tensor<Float>, path: KernelPath = .current) throws(KernelError) -> Tensor<
        Float
    > {
        let (rows, columns) = try rowsAndColumns(input.shape)
        return input.withPointer { x in
            Tensor.filled(input.shape) { y in logForward(rows: rows, columns: columns, input: x, output: y, path: path)
            }
        }
    }

    static func rowsAndColumns(_ shape: Shape) throws(KernelError) -> (Int, Int) {
        guard let columns = shape.dims.last, columns > 0 else {
            throw KernelError("softmax: input has shape \(shape), expected at least one non-empty axis")
        }
        return (shape.elementCount / columns, columns)
    }
}
