import EdgeTensor

extension MaxPool2D {
    /// Allocating forward on an NCHW input.
    /// - Returns: the pooled output and the argmax (`Int32`, same shape; see the type's docs).
    /// - Throws: `KernelError` when the input is not rank 4 or the window does not fit.
    public static func forward(
        _ input: Tensor<Float>, parameters: Pool2DParameters,
        path: KernelPath = .current
    ) throws(KernelError) -> (output: Tensor<Float>, argmax: Tensor<Int32>) {
        let g = try Pool2DGeometry(input.shape, parameters: parameters, kernel: "maxpool")
        var argmax = Tensor<Int32>(shape: Shape(g.outputDims))
        let output = input.withPointer { x in
            argmax.withUnsafeMutableBufferPointer { idx in
                Tensor.filled(Shape(g.outputDims)) { y in
                    forward(g, input: x, output: y, argmax: idx.baseAddress!, path: path)
                }
            }
        }
        return (output, argmax)
    }

    /// Allocating backward: the gradient w.r.t. an input of `inputShape`.
    /// - Throws: `KernelError` when shapes do not match the forward geometry.
    public static func backward(
        outputGradient: Tensor<Float>, argmax: Tensor<Int32>, inputShape: Shape,
        parameters: Pool2DParameters,
        path: KernelPath = .current
    ) throws(KernelError) -> Tensor<Float> {
        let g = try Pool2DGeometry(inputShape, parameters: parameters, kernel: "maxpool")
        try requireShape("maxpool", "output gradient", outputGradient.shape, g.outputDims)
        try requireShape("maxpool", "argmax", argmax.shape, g.outputDims)
        let plane = g.inHeight * g.inWidth
        guard argmax.scalars.allSatisfy({ $0 >= 0 && Int($0) < plane }) else {
            throw KernelError("maxpool: argmax holds an index outside the \(g.inHeight)x\(g.inWidth) input plane")
        }
        return outputGradient.withPointer { dy in
            argmax.withUnsafeBufferPointer { idx in
                Tensor.filled(inputShape) { dx in
                    backward(g, outputGradient: dy, argmax: idx.baseAddress!, inputGradient: dx, path: path)
                }
            }
        }
    }
}

extension Pool2DGeometry {
    /// The geometry of pooling an NCHW tensor shape. - Throws: `KernelError` naming `kernel`.
    init(_ shape: Shape, parameters: Pool2DParameters, kernel: String) throws(KernelError) {
        try requireRank(kernel, "input", shape, 4)
        do {
            try self.init(
                batch: shape[0], channels: shape[1], inHeight: shape[2], inWidth: shape[3],
                parameters: parameters)
        } catch {
            let detail = error.message.hasPrefix("pool2d: ") ? String(error.message.dropFirst(8)) : error.message
            throw KernelError("\(kernel): \(detail)")
        }
    }
}
