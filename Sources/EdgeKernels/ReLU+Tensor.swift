import EdgeTensor

extension ReLU {
    /// Allocating `max(x, 0)`.
    public static func forward(_ input: Tensor<Float>, path: KernelPath = .current) -> Tensor<Float> {
        input.withPointer { x in
            Tensor.filled(input.shape) { y in forward(count: input.count, input: x, output: y, path: path) }
        }
    }

    /// Allocating gradient; `input` is the forward input (or output).
    /// - Throws: `KernelError` when the shapes differ.
    public static func backward(
        input: Tensor<Float>, outputGradient: Tensor<Float>,
        path: KernelPath = .current
    ) throws(KernelError) -> Tensor<Float> {
        try requireShape("relu", "output gradient", outputGradient.shape, input.shape.dims)
        return input.withPointer { x in
            outputGradient.withPointer { dy in
                Tensor.filled(input.shape) { dx in
                    backward(count: input.count, input: x, outputGradient: dy, inputGradient: dx, path: path)
                }
            }
        }
    }
}
