import EdgeGraph
import EdgeKernels
import EdgeRuntime
import EdgeTensor
import Foundation

/// How far each quantized layer's output is from float: the float graph and the fake-quant QDQ
/// graph run side by side on the same inputs (the eager engine), each layer's float output
/// compared with the value the next layer reads (its dequantized output; the error of every
/// layer before it included, as a deployed model sees it).
public struct LayerErrorReport: Sendable {
    public struct Entry: Sendable {
        public var layer: QuantizedLayer
        public var input: ActivationQuantization
        /// nil when the layer's output stays float (a graph output).
        public var output: ActivationQuantization?
        /// Fraction of the float model's values outside the representable range of the input
        /// and output grids on these inputs.
        public var inputClipping: Double
        public var outputClipping: Double
        /// `10·log10(Σ f² / Σ (f − q)²)`; +∞ when equal.
        public var sqnrDB: Double
        public var cosine: Double
        public var maxAbsError: Float
    }

    /// Worst first: lowest SQNR first (ties by graph order).
    public let entries: [Entry]
    public let imageCount: Int

    /// Runs both graphs of `result` on `inputs`.
    /// - Throws: ``QuantizationError`` when either graph does not run.
    public init(_ result: QuantizationResult, inputs: [Tensor<Float>], kernels: KernelPath = .portable)
        throws(QuantizationError)
    {
        let quantizer = PostTrainingQuantizer(kernels: kernels)
        let inputName = result.source.inputs[0].name
        let layers = result.layers
        let floatNames = layers.map(\.output)
        let inputNames = layers.map(\.input)
        let quantNames = layers.map { $0.outputQuantized ? $0.output + "_dequantized" : $0.output }
        let floatRun = try quantizer.interpreter(
            result.source, outputs: Array(Set(floatNames + inputNames).subtracting([inputName])).sorted())
        let quantRun = try quantizer.interpreter(result.graph, outputs: quantNames)
        let count = layers.count
        var sums = [(signal: Double, noise: Double, dot: Double, q2: Double, maxAbs: Float)](
            repeating: (0, 0, 0, 0, 0), count: count)
        var clipped = [(input: Int, output: Int, inputTotal: Int, outputTotal: Int)](
            repeating: (0, 0, 0, 0), count: count)
        func outside(_ values: [Float], _ p: ActivationQuantization) -> Int {
            let r = p.representable
            // Half a step of slack: values that round onto the last grid point are not clipped.
            let slack = p.scale / 2
            return values.reduce(0) { $0 + ($1 < r.lower - slack || $1 > r.upper + slack ? 1 : 0) }
        }
        for x in inputs {
            let f = try quantizer.run(floatRun, inputName, x, floatNames + inputNames)
            let q = try quantizer.run(quantRun, inputName, x, quantNames)
            for i in 0..<count {
                let (a, b) = (f[i], q[i])
                for k in a.indices {
                    let (fa, qb) = (Double(a[k]), Double(b[k]))
                    sums[i].signal += fa * fa
                    sums[i].noise += (fa - qb) * (fa - qb)
                    sums[i].dot += fa * qb
                    sums[i].q2 += qb * qb
                    sums[i].maxAbs = max(sums[i].maxAbs, abs(a[k] - b[k]))
                }
                let inputValues = f[count + i]
                clipped[i].input += outside(inputValues, result.activation(layers[i].input)!)
                clipped[i].inputTotal += inputValues.count
                if let p = result.activation(layers[i].output) {
                    clipped[i].output += outside(a, p)
                    clipped[i].outputTotal += a.count
                }
            }
        }
        var entries: [Entry] = []
        for (i, layer) in layers.enumerated() {
            let s = sums[i]
            let sqnr = s.noise == 0 ? Double.infinity : 10 * log10(s.signal / s.noise)
            let cosine = s.signal > 0 && s.q2 > 0 ? s.dot / (s.signal.squareRoot() * s.q2.squareRoot()) : 1
            let c = clipped[i]
            entries.append(
                Entry(
                    layer: layer, input: result.activation(layer.input)!,
                    output: layer.outputQuantized ? result.activation(layer.output) : nil,
                    inputClipping: c.inputTotal > 0 ? Double(c.input) / Double(c.inputTotal) : 0,
                    outputClipping: c.outputTotal > 0 ? Double(c.output) / Double(c.outputTotal) : 0,
                    sqnrDB: sqnr, cosine: cosine, maxAbsError: s.maxAbs))
        }
        let order = entries.indices.sorted { (entries[$0].sqnrDB, $0) < (entries[$1].sqnrDB, $1) }
        self.entries = order.map { entries[$0] }
        self.imageCount = inputs.count
    }
}
