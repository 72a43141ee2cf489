import EdgeTensor

extension HardSwish {
    /// Allocating `x · max(0, min(1, x/6 + 1/2))`.
    public static func forward(_ input: Tensor<Float>) -> Tensor<Float> {
        input.withPointer { x in Tensor.filled(input.shape) { y in forward(count: input.count, input: x, output: y) } }
    }
}
