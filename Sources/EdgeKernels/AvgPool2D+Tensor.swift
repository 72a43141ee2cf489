import EdgeTensor

extension AvgPool2D {
    /// Allocating forward on an NCHW input.
    /// - Throws: `KernelError` when the input is not rank 4 or the window does not fit.
    public static func forward(
        _ input: Tensor<Float>, parameters: Pool2DParameters, countIncludePad: Bool = true,
        path: KernelPath = .current
    ) throws(KernelError) -> Tensor<Float> {
        let g = try Pool2DGeometry(input.shape, parameters: parameters, kernel: "avgpool")
        return input.withPointer { x in
            Tensor.filled(Shape(g.outputDims)) { y in
                forward(g, input: x, output: y, countIncludePad: countIncludePad, path: path)
            }
        }
    }

    /// Allocating backward: the gradient w.r.t. an input of `inputShape`.
    /// - Throws: `KernelError` when shapes do not match the forward geometry.
    public static func backward(
        outputGradient: Tensor<Float>, inputShape: Shape, parameters: Pool2DParameters,
        countIncludePad: Bool = true,
        path: KernelPath = .current
    ) throws(KernelError) -> Tensor<Float> {
        let g = try Pool2DGeometry(inputShape, parameters: parameters, kernel: "avgpool")
        try requireShape("avgpool", "output gradient", outputGradient.shape, g.outputDims)
        return outputGradient.withPointer { dy in
            Tensor.filled(inputShape) { dx in
                backward(g, outputGradient: dy, inputGradient: dx, countIncludePad: countIncludePad, path: path)
            }
        }
    }
}
