import EdgeTensor

extension HardSigmoid {
    /// Allocating `max(0, min(1, alpha·x + beta))`.
    public static func forward(
        _ input: Tensor<Float>, alpha: Float = defaultAlpha, beta: Float = defaultBeta
    ) -> Tensor<Float> {
        input.withPointer { x in
            Tensor.filled(input.shape) { y in forward(count: input.count, input: x, output: y, alpha: alpha, beta: beta)
            }
        }
    }
}
