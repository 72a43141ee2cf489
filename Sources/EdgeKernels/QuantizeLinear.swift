import EdgeTensor

/// Affine quantization computed in float ("fake quantization"): the values an int8 engine
/// stores, held as `Float`. ONNX `QuantizeLinear` / `DequantizeLinear`, per tensor or per axis.
///
/// The tensor is viewed as `[outer, channels, inner]` around the quantization axis (`channels`
/// is 1 per tensor); channel `c` uses `scales[c]` and `zeroPoints[c]`.
public enum QuantizeLinear {
    /// `output = clamp(roundHalfEven(input / scale) + zeroPoint, lower, upper)`, the integer
    /// result stored as a float. `output` may alias `input`. A NaN input gives `zeroPoint`
    /// clamped (onnxruntime saturates NaN to the zero point as well for integer types).
    public static func forward(
        outer: Int, channels: Int, inner: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        scales: UnsafePointer<Float>, zeroPoints: UnsafePointer<Float>, lower: Float, upper: Float
    ) {
        var index = 0
        for _ in 0..<outer {
            for c in 0..<channels {
                let scale = scales[c]
                let zeroPoint = zeroPoints[c]
                for _ in 0..<inner {
                    // Division, not multiplication by 1/scale: ONNX's reference (and
                    // onnxruntime) divide, and the two differ in the last bit at ties.
                    var q = (input[index] / scale).rounded(.toNearestOrEven) + zeroPoint
                    if q.isNaN { q = zeroPoint }
                    output[index] = q < lower ? lower : (q > upper ? upper : q)
                    index += 1
                }
            }
        }
    }
}

/// ONNX `DequantizeLinear` on integer values held as floats: `(q − zeroPoint)·scale`.
public enum DequantizeLinear {
    /// `output = (input − zeroPoint)·scale` per channel. `output` may alias `input`.
    public static func forward(
        outer: Int, channels: Int, inner: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        scales: UnsafePointer<Float>, zeroPoints: UnsafePointer<Float>
    ) {
        var index = 0
        for _ in 0..<outer {
            for c in 0..<channels {
                let scale = scales[c]
                let zeroPoint = zeroPoints[c]
                for _ in 0..<inner {
                    output[index] = (input[index] - zeroPoint) * scale
                    index += 1
                }
            }
        }
    }
}
