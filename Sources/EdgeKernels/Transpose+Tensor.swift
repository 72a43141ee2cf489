import EdgeTensor

extension Transpose {
    /// Allocating permutation of `input`'s axes by `perm` (nil: reversed).
    /// - Throws: `KernelError` when `perm` is not a permutation of the axes.
    public static func forward(_ input: Tensor<Float>, perm: [Int]? = nil) throws(KernelError) -> Tensor<Float> {
        let geometry = try TransposeGeometry(input: input.shape, perm: perm)
        return input.withPointer { x in
            Tensor.filled(geometry.outputShape) { y in forward(geometry, input: x, output: y) }
        }
    }
}
