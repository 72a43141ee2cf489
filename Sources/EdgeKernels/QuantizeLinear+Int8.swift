#if canImport(CEdgeInt8)
    import CEdgeInt8
#endif

extension QuantizeLinear {
    /// The integer engine's input step: `clamp(roundHalfEven(input / scale) + zeroPoint, −128, 127)`
    /// as int8, a NaN giving the zero point; the same float operations on every family (AVX2
    /// vectors for `.avx2` and `.vnni`), so the same bits.
    public static func toInt8(
        count: Int, input: UnsafePointer<Float>, scale: Float, zeroPoint: Int32, output: UnsafeMutablePointer<Int8>,
        kernels: QuantizedKernels
    ) {
        #if canImport(CEdgeInt8)
            if kernels != .portable {
                edge_q8_quantize_avx2(Int64(count), input, scale, zeroPoint, output)
                return
            }
        #endif
        for i in 0..<count {
            var q = (input[i] / scale).rounded(.toNearestOrEven) + Float(zeroPoint)
            if q.isNaN { q = Float(zeroPoint) }
            output[i] = Int8(max(-128, min(127, q)))
        }
    }
}
