import EdgeTensor

extension Sigmoid {
    /// Allocating `1 / (1 + e^−x)`.
    public static func forward(_ input: Tensor<Float>) -> Tensor<Float> {
        input.withPointer { x in
            Tensor.filled(input.shape) { y in forward(count: input.count, input: x, output: y) }
        }
    }
}
