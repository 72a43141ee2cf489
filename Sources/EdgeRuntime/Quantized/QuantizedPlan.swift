import EdgeGraph
import EdgeKernels
import EdgeTensor

/// A QDQ graph lowered to integer kernels: int8 activations in one arena, int8 × int8 products
/// accumulated in int32, requantization multipliers computed once (``EdgeKernels/Requantization``),
/// ReLU and MaxPool in the integer domain, the float input quantized by the first step and the
/// float logits dequantized by the last. The portable kernels; the next issue makes them fast.
///
/// What it maps (the QDQ form `edge quantize` and `onnxruntime.quantization.quantize_static`
/// write): `QuantizeLinear` of the float input; `DequantizeLinear` of an int8 activation (a view
/// of it) or of constant int8 weights (per output channel, zero point 0) and int32 biases (at
/// input·weight scale); Conv and Gemm (`transB = 1`) on dequantized operands, each followed by
/// an optional Relu and a per-tensor int8 `QuantizeLinear` — or, for the graph's output, by
/// nothing (the logits are dequantized); MaxPool, Flatten, Reshape and Identity on int8 values,
/// and a `QuantizeLinear` that repeats its input's parameters. Anything else is refused with the
/// node and the reason (``Deployment`` then runs the graph in float, with a warning).
///
/// Threading: immutable after `init`; a ``QuantizedContext`` owns the arena and scratch.
public final class QuantizedPlan: Sendable {
    /// One integer kernel call; offsets are into the context's int8 arena.
    enum Step: Sendable {
        /// float input (the caller's buffer) → int8.
        case quantize(count: Int, scale: Float, zeroPoint: Int32, output: Int)
        case conv(Conv2DGeometry, QuantizedGemm.Layer, QuantizedGemm.Output, input: Int, output: Int)
        case gemm(QuantizedGemm.Layer, QuantizedGemm.Output, input: Int, output: Int)
        /// The last layer: int32 accumulators dequantized to float logits (the caller's buffer).
        case gemmToFloat(QuantizedGemm.Layer, inputZeroPoint: Int32, scales: [Float], relu: Bool, input: Int)
        case maxPool(Pool2DGeometry, input: Int, output: Int)
        /// int8 → the float logits (the caller's buffer): `(q − zeroPoint)·scale`.
        case dequantize(count: Int, scale: Float, zeroPoint: Int32, input: Int)
    }

    let steps: [Step]
    /// Names of the graph nodes each step computes, joined by `+`.
    public let stepNames: [String]
    /// Bytes of int8 arena and of conv scratch one run needs.
    public let arenaCount: Int
    public let scratchCount: Int
    public let graph: Graph
    public let types: [String: TensorType]

    /// Lowers `graph`.
    /// - Throws: `EngineError.invalidGraph` when it does not validate, `.unsupported` naming the
    ///   first node the integer engine cannot map.
    public init(graph: Graph) throws(EngineError) {
        let types: [String: TensorType]
        do { types = try graph.inferTypes() } catch { throw .invalidGraph(error) }
        var lowering = QuantizedLowering(graph: graph, types: types)
        try lowering.lower()
        self.graph = graph
        self.types = types
        steps = lowering.steps
        stepNames = lowering.stepNames
        arenaCount = lowering.arenaCount
        scratchCount = lowering.scratchCount
    }

    /// Runs every step: `input` is the float input, `logits` receives the float output.
    func execute(
        input: UnsafePointer<Float>, logits: UnsafeMutablePointer<Float>, arena: UnsafeMutablePointer<Int8>,
        scratch: UnsafeMutablePointer<Int8>
    ) {
        for step in steps {
            switch step {
            case .quantize(let count, let scale, let zeroPoint, let output):
                let y = arena + output
                for i in 0..<count {
                    // Round half to even, then saturate, as QuantizeLinear; NaN → zero point.
                    var q = (input[i] / scale).rounded(.toNearestOrEven) + Float(zeroPoint)
                    if q.isNaN { q = Float(zeroPoint) }
                    y[i] = Int8(max(-128, min(127, q)))
                }
            case .conv(let geometry, let layer, let out, let input, let output):
                QuantizedConv2D.forward(
                    geometry, layer, input: arena + input, output: arena + output, scratch: scratch, out)
            case .gemm(let layer, let out, let input, let output):
                QuantizedGemm.forward(layer, rows: 1, input: arena + input, output: arena + output, out)
            case .gemmToFloat(let layer, let inputZeroPoint, let scales, let relu, let input):
                let x = arena + input
                let k = layer.inFeatures
                layer.weights.withUnsafeBufferPointer { w in
                    for n in 0..<layer.outFeatures {
                        let row = w.baseAddress! + n * k
                        var acc: Int32 = 0
                        for i in 0..<k { acc &+= Int32(x[i]) &* Int32(row[i]) }
                        acc = acc &+ layer.bias[n] &- inputZeroPoint &* layer.rowSums[n]
                        let value = Float(acc) * scales[n]
                        logits[n] = relu ? max(value, 0) : value
                    }
                }
            case .dequantize(let count, let scale, let zeroPoint, let input):
                let x = arena + input
                for i in 0..<count { logits[i] = Float(Int32(x[i]) - zeroPoint) * scale }
            case .maxPool(let g, let input, let output):
                let (x, y) = (arena + input, arena + output)
                for plane in 0..<(g.batch * g.channels) {
                    let source = x + plane * g.inHeight * g.inWidth
                    let target = y + plane * g.outHeight * g.outWidth
                    for oh in 0..<g.outHeight {
                        for ow in 0..<g.outWidth {
                            var best = Int8.min
                            for kh in 0..<g.kernelHeight {
                                let ih = oh * g.strideHeight - g.padTop + kh
                                guard ih >= 0 && ih < g.inHeight else { continue }
                                for kw in 0..<g.kernelWidth {
                                    let iw = ow * g.strideWidth - g.padLeft + kw
                                    guard iw >= 0 && iw < g.inWidth else { continue }
                                    best = max(best, source[ih * g.inWidth + iw])
                                }
                            }
                            target[oh * g.outWidth + ow] = best
                        }
                    }
                }
            }
        }
    }
}
