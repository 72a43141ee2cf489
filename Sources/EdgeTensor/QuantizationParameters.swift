/// Affine quantization: `real = scale * (quantized - zeroPoint)`.
///
/// Per-tensor when `axis` is nil (one scale and zero point), per-channel otherwise (one per
/// index along `axis`).
public struct QuantizationParameters: Sendable, Hashable {
    public var scales: [Float]
    public var zeroPoints: [Int32]
    public var axis: Int?

    public init(scale: Float, zeroPoint: Int32) {
        scales = [scale]
        zeroPoints = [zeroPoint]
        axis = nil
    }

    public init(scales: [Float], zeroPoints: [Int32], axis: Int) {
        precondition(scales.count == zeroPoints.count, "\(scales.count) scales vs \(zeroPoints.count) zero points")
        self.scales = scales
        self.zeroPoints = zeroPoints
        self.axis = axis
    }

    public var isPerChannel: Bool { axis != nil }
}
