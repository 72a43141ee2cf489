import EdgeTensor

extension Add {
    /// Allocating `a + b` (same shapes). - Throws: `KernelError` when the shapes differ.
    public static func forward(
        _ a: Tensor<Float>, _ b: Tensor<Float>,
        path: KernelPath = .current
    ) throws(KernelError) -> Tensor<Float> {
        try requireShape("add", "second operand", b.shape, a.shape.dims)
        return a.withPointer { pa in
            b.withPointer { pb in
                Tensor.filled(a.shape) { out in forward(count: a.count, a: pa, b: pb, output: out, path: path) }
            }
        }
    }
}
