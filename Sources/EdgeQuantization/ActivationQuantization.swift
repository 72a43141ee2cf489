import EdgeGraph

/// The element type of quantized activations.
public enum ActivationType: String, Sendable, CaseIterable {
    /// Signed, −128…127 (asymmetric: a zero point places 0 on the grid).
    case int8
    /// Unsigned, 0…255 (onnxruntime's classic u8 activations).
    case uint8

    var range: (lower: Int32, upper: Int32) { self == .int8 ? (-128, 127) : (0, 255) }
    var elementType: ElementType { self == .int8 ? .int8 : .uint8 }
}

/// The quantization chosen for one activation tensor: its calibrated range and the scale and
/// zero point that cover it (`real = scale·(q − zeroPoint)`).
public struct ActivationQuantization: Sendable, Equatable {
    /// The tensor in the float graph.
    public var tensor: String
    /// Where the parameters come from: the tensor itself, or the quantized tensor a chain of
    /// MaxPool/Flatten/Reshape/Identity reads (whose values it only moves, never changes).
    public var sharedFrom: String?
    public var type: ActivationType
    public var scale: Float
    public var zeroPoint: Int32
    /// Extremes seen on the calibration images.
    public var observedMin: Float
    public var observedMax: Float
    /// The range the method chose (0 included).
    public var lower: Float
    public var upper: Float

    /// The scale and zero point of `[lower, upper]` widened to hold 0, as onnxruntime's
    /// `compute_scale_zp`: `scale = (upper − lower)/(qmax − qmin)`, `zp = round(qmin − lower/scale)`.
    static func parameters(lower: Float, upper: Float, type: ActivationType) -> (scale: Float, zeroPoint: Int32) {
        let (qmin, qmax) = type.range
        let lo = Double(min(lower, 0))
        let hi = Double(max(upper, 0))
        guard hi > lo else { return (1, 0) }
        let scale = (hi - lo) / Double(qmax - qmin)
        let zero = (Double(qmin) - lo / Float(scale).double).rounded(.toNearestOrEven)
        return (Float(scale), Int32(min(max(zero, Double(qmin)), Double(qmax))))
    }

    /// The real values the integer grid reaches: `[(qmin − zp)·s, (qmax − zp)·s]`.
    public var representable: (lower: Float, upper: Float) {
        let (qmin, qmax) = type.range
        return (Float(qmin - zeroPoint) * scale, Float(qmax - zeroPoint) * scale)
    }
}

extension Float {
    fileprivate var double: Double { Double(self) }
}
