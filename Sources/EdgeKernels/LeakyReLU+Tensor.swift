import EdgeTensor

extension LeakyReLU {
    /// Allocating `x ≥ 0 ? x : alpha·x`.
    public static func forward(_ input: Tensor<Float>, alpha: Float = defaultAlpha) -> Tensor<Float> {
        input.withPointer { x in
            Tensor.filled(input.shape) { y in forward(count: input.count, input: x, output: y, alpha: alpha) }
        }
    }
}
