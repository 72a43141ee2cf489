import EdgeTensor

/// Flatten (PyTorch `torch.flatten(x, 1)`, ONNX `Flatten`): dimensions from `axis` on become one,
/// in row-major order (for NCHW: channel, row, column — the order `fc1.weight` expects).
///
/// On contiguous buffers flatten moves no data, so there is no pointer-level kernel: the
/// pointer-level engine simply reinterprets the buffer. The Tensor functions return views.
public enum Flatten {
    /// The shape `x` flattens to: `[d0·…·d(axis−1), d(axis)·…·d(rank−1)]`.
    /// - Throws: `KernelError` when `axis` is outside `0...rank`.
    public static func outputShape(_ shape: Shape, axis: Int = 1) throws(KernelError) -> Shape {
        guard axis >= 0 && axis <= shape.rank else {
            throw KernelError("flatten: axis \(axis) outside 0...\(shape.rank) for shape \(shape)")
        }
        let outer = shape.dims[..<axis].reduce(1, *)
        let inner = shape.dims[axis...].reduce(1, *)
        return Shape([outer, inner])
    }

    /// `x` reshaped to `outputShape(x.shape, axis:)`, sharing storage.
    public static func forward(_ x: Tensor<Float>, axis: Int = 1) throws(KernelError) -> Tensor<Float> {
        x.reshaped(try outputShape(x.shape, axis: axis))
    }

    /// The gradient reshaped back to the forward input's shape.
    /// - Throws: `KernelError` when the element counts differ.
    public static func backward(_ outputGradient: Tensor<Float>, inputShape: Shape) throws(KernelError) -> Tensor<Float>
    {
        guard outputGradient.count == inputShape.elementCount else {
            throw KernelError("flatten: gradient \(outputGradient.shape) does not match input shape \(inputShape)")
        }
        return outputGradient.reshaped(inputShape)
    }
}
