import EdgeTensor

/// The parameters of one QuantizeLinear or DequantizeLinear, decoded once: per-channel scales
/// and zero points (one entry per tensor), the channel axis, and the integer range.
public struct AffineQuantization: Sendable, Equatable {
    public var scales: [Float]
    /// Zero points as floats (exact: every int8/uint8/int32 value we read is below 2^24 or is 0).
    public var zeroPoints: [Float]
    /// The channel axis (non-negative), nil per tensor.
    public var axis: Int?
    /// The integer range a quantized value saturates to (e.g. −128…127 for int8).
    public var lower: Float
    public var upper: Float

    public init(scales: [Float], zeroPoints: [Float], axis: Int?, lower: Float, upper: Float) {
        precondition(scales.count == zeroPoints.count, "\(scales.count) scales vs \(zeroPoints.count) zero points")
        self.scales = scales
        self.zeroPoints = zeroPoints
        self.axis = axis
        self.lower = lower
        self.upper = upper
    }

    /// `shape` viewed as `[outer, channels, inner]` around ``axis``.
    public func geometry(_ shape: Shape) -> (outer: Int, channels: Int, inner: Int) {
        guard let axis else { return (1, 1, shape.elementCount) }
        let outer = shape.dims[..<axis].reduce(1, *)
        let inner = shape.dims[(axis + 1)...].reduce(1, *)
        return (outer, shape.dims[axis], inner)
    }
}

extension QuantizeLinear {
    /// Allocating fake quantization of `input` (integer values held as floats).
    public static func forward(_ input: Tensor<Float>, _ parameters: AffineQuantization) -> Tensor<Float> {
        let g = parameters.geometry(input.shape)
        precondition(
            g.channels == parameters.scales.count, "\(g.channels) channels vs \(parameters.scales.count) scales")
        return input.withPointer { x in
            Tensor.filled(input.shape) { y in
                forward(
                    outer: g.outer, channels: g.channels, inner: g.inner, input: x, output: y,
                    scales: parameters.scales, zeroPoints: parameters.zeroPoints, lower: parameters.lower,
                    upper: parameters.upper)
            }
        }
    }
}

extension DequantizeLinear {
    /// Allocating `(input − zeroPoint)·scale`.
    public static func forward(_ input: Tensor<Float>, _ parameters: AffineQuantization) -> Tensor<Float> {
        let g = parameters.geometry(input.shape)
        precondition(
            g.channels == parameters.scales.count, "\(g.channels) channels vs \(parameters.scales.count) scales")
        return input.withPointer { x in
            Tensor.filled(input.shape) { y in
                forward(
                    outer: g.outer, channels: g.channels, inner: g.inner, input: x, output: y,
                    scales: parameters.scales, zeroPoints: parameters.zeroPoints)
            }
        }
    }
}
