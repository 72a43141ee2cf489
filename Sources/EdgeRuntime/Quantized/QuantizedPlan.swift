import EdgeGraph
import EdgeKernels
import EdgeTensor

/// A QDQ graph lowered to integer kernels: int8 activations in one arena, int8 × int8 products
/// accumulated in int32, requantization multipliers computed once (``EdgeKernels/Requantization``),
/// ReLU and MaxPool in the integer domain, the float input quantized by the first step and the
/// float logits dequantized by the last. On the AVX2 and VNNI families (``QuantizedKernels``) the
/// steps are packed: weights in each kernel's layout, conv + 2×2 max-pool fused, channels-last
/// activations between fast layers (see `QuantizedLowering+Packing.swift`).
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
        /// A conv (+ its fused 2×2 max-pool) on the AVX2 or VNNI kernels, weights prepacked.
        case packedConv(PackedQuantizedConv2D, input: Int, output: Int)
        case packedGemm(PackedQuantizedGemm, input: Int, output: Int)
        /// The last layer on the fast kernels, float logits to the caller's buffer.
        case packedGemmToFloat(PackedQuantizedGemm, input: Int)
    }

    let steps: [Step]
    /// The graph nodes each step computes, in order (more than one when fused).
    public let stepNodes: [[String]]
    /// Names of the graph nodes each step computes, joined by `+`.
    public var stepNames: [String] { stepNodes.map { $0.joined(separator: "+") } }
    /// What each step writes.
    public let stepShapes: [Shape]
    /// Bytes of int8 arena and of scratch (64-byte aligned) one run needs.
    public let arenaCount: Int
    public let scratchCount: Int
    /// The integer kernels the steps run.
    public let kernels: QuantizedKernels
    public let graph: Graph
    public let types: [String: TensorType]

    /// Lowers `graph`.
    /// - Throws: `EngineError.invalidGraph` when it does not validate, `.unsupported` naming the
    ///   first node the integer engine cannot map.
    /// - Parameter path: the kernel path the integer kernels follow (``QuantizedKernels/init(_:)``).
    public init(graph: Graph, path: KernelPath = .current) throws(EngineError) {
        let types: [String: TensorType]
        do { types = try graph.inferTypes() } catch { throw .invalidGraph(error) }
        var lowering = QuantizedLowering(graph: graph, types: types, kernels: QuantizedKernels(path))
        try lowering.lower()
        self.graph = graph
        self.types = types
        kernels = lowering.kernels
        steps = lowering.steps
        stepNodes = lowering.stepNodes
        stepShapes = lowering.stepShapes
        arenaCount = lowering.arenaCount
        scratchCount = lowering.scratchCount
    }

    /// The layers of the plan, for profiles: one per step, with the FLOPs of the nodes it fuses.
    public var layers: [LayerInfo] {
        let flops = graph.flopsByNode()
        let ops = Dictionary(graph.nodes.map { ($0.name, "\($0.op)") }, uniquingKeysWith: { a, _ in a })
        return stepNodes.indices.map { i in
            LayerInfo(
                name: stepNames[i], op: stepNodes[i].map { ops[$0] ?? "?" }.joined(separator: "+"),
                fused: stepNodes[i], shape: stepShapes[i], flops: stepNodes[i].reduce(0) { $0 + (flops[$1] ?? 0) })
        }
    }

    /// Runs every step: `input` is the float input, `logits` receives the float output.
    func execute(
        input: UnsafePointer<Float>, logits: UnsafeMutablePointer<Float>, arena: UnsafeMutablePointer<Int8>,
        scratch: UnsafeMutableRawPointer
    ) {
        for step in steps { run(step, input: input, logits: logits, arena: arena, scratch: scratch) }
    }

    /// ``execute(input:logits:arena:scratch:)`` with each step's wall time in `nanoseconds`.
    func executeProfiled(
        input: UnsafePointer<Float>, logits: UnsafeMutablePointer<Float>, arena: UnsafeMutablePointer<Int8>,
        scratch: UnsafeMutableRawPointer, nanoseconds: UnsafeMutableBufferPointer<UInt64>, clock: () -> UInt64
    ) {
        for (index, step) in steps.enumerated() {
            let start = clock()
            run(step, input: input, logits: logits, arena: arena, scratch: scratch)
            nanoseconds[index] = clock() &- start
        }
    }

    @inline(__always)
    private func run(
        _ step: Step, input: UnsafePointer<Float>, logits: UnsafeMutablePointer<Float>,
        arena: UnsafeMutablePointer<Int8>, scratch: UnsafeMutableRawPointer
    ) {
        switch step {
        case .quantize(let count, let scale, let zeroPoint, let output):
            QuantizeLinear.toInt8(
                count: count, input: input, scale: scale, zeroPoint: zeroPoint, output: arena + output,
                kernels: kernels)
        case .conv(let geometry, let layer, let out, let input, let output):
            QuantizedConv2D.forward(
                geometry, layer, input: arena + input, output: arena + output,
                scratch: scratch.assumingMemoryBound(to: Int8.self), out)
        case .packedConv(let kernel, let input, let output):
            kernel.forward(input: arena + input, output: arena + output, scratch: scratch)
        case .packedGemm(let kernel, let input, let output):
            kernel.forward(input: arena + input, output: arena + output, logits: nil, scratch: scratch)
        case .packedGemmToFloat(let kernel, let input):
            kernel.forward(input: arena + input, output: nil, logits: logits, scratch: scratch)
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
