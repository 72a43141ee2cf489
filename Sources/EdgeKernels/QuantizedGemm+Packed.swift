#if canImport(CEdgeInt8)
    import CEdgeInt8
#endif

/// The fast integer linear layer, one input row (AVX2 or AVX-512 VNNI, ``QuantizedKernels``):
/// int8 weights row-major, streamed once per call, four rows at a time against the whole input;
/// then requantization to int8 or, for the last layer, a float scale (+ ReLU) to the logits.
/// Bit-exact with ``QuantizedGemm/forwardReference(_:rows:input:_:)``.
///
/// `inputOrder`, when given, says which original input feature each position of the actual
/// input holds (a channels-last activation flattened in PyTorch's NCHW order): the weight columns
/// are permuted at load, so no transposition runs per call.
///
/// A value type of raw pointers into `buffer`; whoever keeps the kernel keeps `buffer`.
public struct PackedQuantizedGemm: @unchecked Sendable {
    /// What the layer writes.
    public enum Epilogue: Sendable {
        /// Requantized int8 (ReLU fused through `lower`).
        case int8(QuantizedGemm.Output)
        /// `Float(acc) · scales[n]`, then ReLU if asked: the float logits.
        case float(inputZeroPoint: Int32, scales: [Float], relu: Bool)
    }

    public let kernels: QuantizedKernels
    public let outFeatures: Int
    public let inFeatures: Int
    /// Bytes of scratch ``forward(input:output:logits:scratch:)`` needs (the int32 accumulators).
    public let scratchBytes: Int
    public let buffer: PackedBuffer
    private let weights: UnsafePointer<Int8>
    private let bias: UnsafePointer<Int32>
    private let multiplier: UnsafePointer<Int32>
    private let shift: UnsafePointer<Int32>
    private let scales: UnsafePointer<Float>
    private let toFloat: Bool
    private let relu: Bool
    private let zeroPoint: Int32
    private let lower: Int32
    private let upper: Int32

    /// Packs `layer` for `kernels`; nil for `.portable` or a family this build or CPU lacks.
    public init?(
        _ layer: QuantizedGemm.Layer, _ epilogue: Epilogue, inputOrder: [Int]? = nil, kernels: QuantizedKernels
    ) {
        #if canImport(CEdgeInt8)
            guard kernels != .portable, kernels.unsupportedReason == nil else { return nil }
            let (n, k) = (layer.outFeatures, layer.inFeatures)
            if let order = inputOrder { precondition(order.count == k && Set(order).count == k) }
            var w = layer.weights
            if let order = inputOrder {
                for row in 0..<n {
                    for (position, feature) in order.enumerated() {
                        w[row * k + position] = layer.weights[row * k + feature]
                    }
                }
            }
            let inputZeroPoint: Int32
            var multiplier = [Int32](repeating: 0, count: n)
            var shift = [Int32](repeating: 0, count: n)
            var scales = [Float](repeating: 0, count: n)
            switch epilogue {
            case .int8(let out):
                inputZeroPoint = out.inputZeroPoint
                (zeroPoint, lower, upper, toFloat, relu) = (out.zeroPoint, out.lower, out.upper, false, false)
                for i in 0..<n {
                    multiplier[i] = layer.requantization[i].multiplier
                    shift[i] = Int32(clamping: layer.requantization[i].shift)
                }
            case .float(let z, let s, let r):
                precondition(s.count == n)
                inputZeroPoint = z
                scales = s
                (zeroPoint, lower, upper, toFloat, relu) = (0, 0, 0, true, r)
            }
            let z = inputZeroPoint &+ (kernels == .vnni ? 128 : 0)
            let bias = (0..<n).map { layer.bias[$0] &- z &* layer.rowSums[$0] }
            let buffer = PackedBuffer([
                PackedArray(w), PackedArray(bias), PackedArray(multiplier), PackedArray(shift), PackedArray(scales),
            ])
            self.buffer = buffer
            weights = UnsafePointer(buffer.pointer(0, as: Int8.self))
            self.bias = UnsafePointer(buffer.pointer(1, as: Int32.self))
            self.multiplier = UnsafePointer(buffer.pointer(2, as: Int32.self))
            self.shift = UnsafePointer(buffer.pointer(3, as: Int32.self))
            self.scales = UnsafePointer(buffer.pointer(4, as: Float.self))
            self.kernels = kernels
            outFeatures = n
            inFeatures = k
            scratchBytes = (n * 4 + 63) / 64 * 64
        #else
            return nil
        #endif
    }

    /// One input row of ``inFeatures`` int8 values → ``outFeatures`` int8 values in `output`
    /// (an `.int8` epilogue) or floats in `logits` (`.float`); the other may be nil. `scratch`
    /// holds ``scratchBytes``, 4-byte aligned. No allocation.
    public func forward(
        input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>?, logits: UnsafeMutablePointer<Float>?,
        scratch: UnsafeMutableRawPointer
    ) {
        #if canImport(CEdgeInt8)
            let acc = scratch.assumingMemoryBound(to: Int32.self)
            let (n, k) = (Int64(outFeatures), Int64(inFeatures))
            if kernels == .vnni {
                edge_q8_gemv_vnni(n, k, weights, k, input, bias, acc)
            } else {
                edge_q8_gemv_avx2(n, k, weights, k, input, bias, acc)
            }
            if toFloat {
                let y = logits!
                for i in 0..<outFeatures {
                    let value = Float(acc[i]) * scales[i]
                    y[i] = relu ? max(value, 0) : value
                }
            } else {
                edge_q8_requantize(n, acc, multiplier, shift, zeroPoint, lower, upper, output!)
            }
        #else
            preconditionFailure("integer kernels \(kernels) are not compiled into this build")
        #endif
    }
}
