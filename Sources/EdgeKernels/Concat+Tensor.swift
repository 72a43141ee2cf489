import EdgeTensor

extension Concat {
    /// Allocating concatenation of `inputs` along `axis` (negative counts from the end).
    /// - Throws: `KernelError` when the shapes do not concatenate (see ``ConcatGeometry``).
    public static func forward(_ inputs: [Tensor<Float>], axis: Int) throws(KernelError) -> Tensor<Float> {
        let geometry = try ConcatGeometry(inputs: inputs.map(\.shape), axis: axis)
        return Tensor.filled(geometry.outputShape) { out in
            for (index, input) in inputs.enumerated() {
                input.withPointer { copy(geometry, input: index, from: $0, into: out) }
            }
        }
    }
}
