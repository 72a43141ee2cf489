/// Integer linear layer: int8 activations × int8 weights `[N, K]`
/// accumulated in int32, plus an int32 bias, requantized per output channel.
///
/// Weights are symmetric (zero point 0), as `edge quantize` writes them; the activation zero
/// point is taken out once per output through the weight row sums (prepared at load):
/// `Σ (x − zx)·w = Σ x·w − zx·Σ w`.
public enum QuantizedGemm {
    /// One linear layer's constant operands.
    public struct Layer: Sendable {
        public var outFeatures: Int
        public var inFeatures: Int
        /// `[outFeatures, inFeatures]`, row-major.
        public var weights: [Int8]
        /// `[outFeatures]`, at scale `input_scale · weight_scale[n]`.
        public var bias: [Int32]
        public var requantization: [Requantization]
        /// `Σ_k weights[n, k]`, from ``init(outFeatures:inFeatures:weights:bias:requantization:)``.
        public let rowSums: [Int32]

        public init(
            outFeatures: Int, inFeatures: Int, weights: [Int8], bias: [Int32], requantization: [Requantization]
        ) {
            precondition(weights.count == outFeatures * inFeatures && bias.count == outFeatures)
            precondition(requantization.count == outFeatures)
            self.outFeatures = outFeatures
            self.inFeatures = inFeatures
            self.weights = weights
            self.bias = bias
            self.requantization = requantization
            rowSums = (0..<outFeatures).map { n in
                weights[(n * inFeatures)..<((n + 1) * inFeatures)].reduce(Int32(0)) { $0 + Int32($1) }
            }
        }
    }

    /// The integer ranges and zero points around a layer; `lower = outputZeroPoint` fuses a ReLU.
    public struct Output: Sendable, Hashable {
        public var inputZeroPoint: Int32
        public var zeroPoint: Int32
        public var lower: Int32
        public var upper: Int32

        public init(inputZeroPoint: Int32, zeroPoint: Int32, lower: Int32, upper: Int32) {
            self.inputZeroPoint = inputZeroPoint
            self.zeroPoint = zeroPoint
            self.lower = lower
            self.upper = upper
        }
    }

    /// `rows` inputs of `inFeatures` int8 values → `rows × outFeatures` requantized values.
    public static func forward(
        _ layer: Layer, rows: Int, input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, _ out: Output
    ) {
        let k = layer.inFeatures
        layer.weights.withUnsafeBufferPointer { w in
            for r in 0..<rows {
                let x = input + r * k
                for n in 0..<layer.outFeatures {
                    let row = w.baseAddress! + n * k
                    var acc: Int32 = 0
                    for i in 0..<k { acc &+= Int32(x[i]) &* Int32(row[i]) }
                    acc = acc &+ layer.bias[n] &- out.inputZeroPoint &* layer.rowSums[n]
                    output[r * layer.outFeatures + n] = Int8(
                        truncatingIfNeeded: layer.requantization[n].apply(
                            acc, zeroPoint: out.zeroPoint, lower: out.lower, upper: out.upper))
                }
            }
        }
    }

    /// The naive version (the oracle for tests): `Σ (x − zx)·w + b` straight from the definition.
    public static func forwardReference(
        _ layer: Layer, rows: Int, input: [Int8], _ out: Output
    ) -> [Int8] {
        var result = [Int8](repeating: 0, count: rows * layer.outFeatures)
        for r in 0..<rows {
            for n in 0..<layer.outFeatures {
                var acc = Int64(layer.bias[n])
                for i in 0..<layer.inFeatures {
                    acc +=
                        (Int64(input[r * layer.inFeatures + i]) - Int64(out.inputZeroPoint))
                        * Int64(layer.weights[n * layer.inFeatures + i])
                }
                result[r * layer.outFeatures + n] = Int8(
                    layer.requantization[n].apply(
                        Int32(acc), zeroPoint: out.zeroPoint, lower: out.lower, upper: out.upper))
            }
        }
        return result
    }
}
