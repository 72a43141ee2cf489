import EdgeTensor

extension Mul {
    /// Allocating `a · b` with numpy broadcasting.
    /// - Throws: `KernelError` when the shapes do not broadcast.
    public static func forward(_ a: Tensor<Float>, _ b: Tensor<Float>) throws(KernelError) -> Tensor<Float> {
        let geometry = try BroadcastGeometry(a: a.shape, b: b.shape)
        return a.withPointer { pa in
            b.withPointer { pb in
                Tensor.filled(geometry.outputShape) { out in forward(geometry, a: pa, b: pb, output: out) }
            }
        }
    }
}
