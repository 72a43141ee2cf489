import EdgeTensor

extension Pad {
    /// Allocating padding of `input`.
    /// - Throws: `KernelError` when `geometry` was made for another shape.
    public static func forward(_ input: Tensor<Float>, _ geometry: PadGeometry, value: Float = 0) throws(KernelError)
        -> Tensor<Float>
    {
        guard input.shape == geometry.input else {
            throw KernelError("pad: input is \(input.shape), the geometry expects \(geometry.input)")
        }
        return input.withPointer { x in
            Tensor.filled(geometry.outputShape) { y in forward(geometry, input: x, output: y, value: value) }
        }
    }
}
