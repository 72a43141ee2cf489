import EdgeTensor

extension GlobalAvgPool {
    /// Allocating forward: `[N, C, H, W]` → `[N, C, 1, 1]` (ONNX and PyTorch keep the rank).
    /// - Throws: `KernelError` when the input is not rank 4.
    public static func forward(_ input: Tensor<Float>, path: KernelPath = .current) throws(KernelError) -> Tensor<Float>
    {
        try requireRank("globalavgpool", "input", input.shape, 4)
        let n = input.shape[0]
        let c = input.shape[1]
        let s = input.shape[2] * input.shape[3]
        return input.withPointer { x in
            Tensor.filled([n, c, 1, 1]) { y in
                forward(batch: n, channels: c, spatial: s, input: x, output: y, path: path)
            }
        }
    }

    /// Allocating backward to an input of `inputShape` `[N, C, H, W]`.
    /// - Throws: `KernelError` when the gradient is not `[N, C, 1, 1]` (or `[N, C]`).
    public static func backward(
        outputGradient: Tensor<Float>, inputShape: Shape,
        path: KernelPath = .current
    ) throws(KernelError) -> Tensor<Float> {
        try requireRank("globalavgpool", "input", inputShape, 4)
        let n = inputShape[0]
        let c = inputShape[1]
        let s = inputShape[2] * inputShape[3]
        guard outputGradient.count == n * c else {
            throw KernelError(
                "globalavgpool: output gradient has shape \(outputGradient.shape), expected [\(n),\(c),1,1]")
        }
        return outputGradient.withPointer { dy in
            Tensor.filled(inputShape) { dx in
                backward(batch: n, channels: c, spatial: s, outputGradient: dy, inputGradient: dx, path: path)
            }
        }
    }
}
