import EdgeTensor

extension Clip {
    /// Allocating `min(max(x, lower), upper)`.
    public static func forward(
        _ input: Tensor<Float>, lower: Float = -.infinity, upper: Float = .infinity
    ) -> Tensor<Float> {
        input.withPointer { x in
            Tensor.filled(input.shape) { y in
                forward(count: input.count, input: x, output: y, lower: lower, upper: upper)
            }
        }
    }
}
