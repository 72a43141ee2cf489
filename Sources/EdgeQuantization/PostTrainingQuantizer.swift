import EdgeGraph
import EdgeKernels
import EdgeRuntime
import EdgeTensor

/// Static post-training quantization of a float graph into a QDQ graph (the format onnxruntime's
/// `quantize_static` writes): observers record activation ranges through the eager engine on
/// calibration inputs, weights become int8 per output channel (symmetric), biases int32 at
/// `input scale · weight scale`, and each Conv/Gemm/MatMul's activation input and output gets a
/// QuantizeLinear → DequantizeLinear pair with per-tensor parameters.
///
/// A ReLU that alone reads a layer's output is folded into the layer's output range (its
/// output is quantized, not the layer's). MaxPool, Flatten, Reshape and Identity between a
/// quantized tensor and a layer only move values, so the layer's input reuses that tensor's
/// parameters (onnxruntime then runs the pool on int8). Graph outputs stay float.
///
/// Everything is a function of the graph, the inputs (in order) and the options: the same
/// arguments give the same graph, bit for bit, on one kernel path.
public struct PostTrainingQuantizer: Sendable {
    public var method: CalibrationMethod
    public var activationType: ActivationType
    /// The kernels calibration runs on; `.portable` keeps the result the same on every machine.
    public var kernels: KernelPath

    public init(
        method: CalibrationMethod = .minMax,
        activationType: ActivationType = .int8, kernels: KernelPath = .portable
    ) {
        self.method = method
        self.activationType = activationType
        self.kernels = kernels
    }

    /// Ops that move activation values without changing them.
    static let passThrough: Set<OpType> = [.maxPool, .flatten, .reshape, .identity]

    /// Quantizes `graph` calibrated on `calibration` (each one value for the graph's single input).
    /// - Parameter progress: called with the number of calibration inputs run so far.
    /// - Throws: ``QuantizationError`` when the graph has no quantizable layer, not exactly one
    ///   float input, or does not run on the eager engine.
    public func quantize(
        _ graph: Graph, calibration: [Tensor<Float>], progress: (Int) -> Void = { _ in }
    ) throws(QuantizationError) -> QuantizationResult {
        guard graph.inputs.count == 1 else {
            throw QuantizationError(
                "\(graph.name): quantization needs exactly one input, the graph has \(graph.inputs.count)")
        }
        guard !calibration.isEmpty else { throw QuantizationError("\(graph.name): no calibration inputs") }
        let analysis = try GraphAnalysis(graph)
        let inputName = graph.inputs[0].name

        // Pass 1 (and the stored values for pass 2 and the report): every observed tensor, per image.
        let observed = analysis.ownTensors
        let recorder = try interpreter(graph, outputs: observed.filter { $0 != inputName })
        var observers = [ActivationObserver](repeating: ActivationObserver(), count: observed.count)
        var stored: [[[Float]]] = []
        for x in calibration {
            let values = try run(recorder, inputName, x, observed)
            for (index, v) in values.enumerated() { observers[index].observeRange(v) }
            stored.append(values)
            progress(stored.count)
        }
        if method.needsHistogram {
            for index in observers.indices {
                observers[index].startHistogram(absolute: method == .entropy)
                for values in stored { observers[index].observeHistogram(values[index]) }
            }
        }
        var parameters: [String: ActivationQuantization] = [:]
        for (index, name) in observed.enumerated() {
            let o = observers[index]
            let range = RangeChoice.range(o, method)
            let (scale, zero) = ActivationQuantization.parameters(
                lower: range.lower, upper: range.upper, type: activationType)
            parameters[name] = ActivationQuantization(
                tensor: name, sharedFrom: nil, type: activationType, scale: scale, zeroPoint: zero,
                observedMin: o.minimum, observedMax: o.maximum, lower: min(range.lower, 0), upper: max(range.upper, 0))
        }
        for (name, origin) in analysis.sharedTensors {
            var shared = parameters[origin]!
            shared.tensor = name
            shared.sharedFrom = origin
            parameters[name] = shared
        }
        let rewritten = try QDQRewriter(graph: graph, analysis: analysis, parameters: parameters).rewrite()
        let result = QuantizationResult(
            source: graph, graph: rewritten.graph, layers: rewritten.layers,
            activations: analysis.quantizedTensors.map { parameters[$0]! }, method: method,
            calibrationCount: calibration.count)
        return result
    }

    func interpreter(_ graph: Graph, outputs: [String]) throws(QuantizationError) -> EagerInterpreter {
        var probe = graph
        probe.outputs = outputs
        do { return try EagerInterpreter(graph: probe, path: kernels) } catch {
            throw QuantizationError("\(graph.name): \(error)")
        }
    }

    /// `names`' values for input `x` (the input itself read from `x`).
    func run(_ interpreter: EagerInterpreter, _ inputName: String, _ x: Tensor<Float>, _ names: [String])
        throws(QuantizationError) -> [[Float]]
    {
        let outputs: [String: Tensor<Float>]
        do { outputs = try interpreter.run([inputName: x]) } catch {
            throw QuantizationError("\(interpreter.graph.name): calibration run failed: \(error)")
        }
        return names.map { $0 == inputName ? x.scalars : outputs[$0]!.scalars }
    }
}
