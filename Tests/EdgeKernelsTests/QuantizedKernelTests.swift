import EdgeTensor
import Testing

@testable import EdgeKernels

private func int8s(_ count: Int, _ rng: inout SplitMix64, _ range: ClosedRange<Int> = -128...127) -> [Int8] {
    (0..<count).map { _ in Int8(Int.random(in: range, using: &rng)) }
}

/// A layer with seeded weights (−127…127), biases and per-channel multipliers around `real`.
private func layer(_ n: Int, _ k: Int, _ rng: inout SplitMix64, real: Double) -> QuantizedGemm.Layer {
    QuantizedGemm.Layer(
        outFeatures: n, inFeatures: k, weights: int8s(n * k, &rng, -127...127),
        bias: (0..<n).map { _ in Int32.random(in: -5000...5000, using: &rng) },
        requantization: (0..<n).map { _ in Requantization(real: real * Double.random(in: 0.5...2, using: &rng)) })
}

@Suite("Integer kernels: int8 × int8 → int32, requantized")
struct QuantizedKernelTests {
    @Test("requantization: fixed-point multiplier, ties up, zero point and clamp")
    func requantization() {
        let half = Requantization(real: 0.5)
        #expect(half.multiplier == 1 << 30 && half.shift == 0)
        #expect(half.apply(3, zeroPoint: 0, lower: -128, upper: 127) == 2)  // 1.5 → 2
        #expect(half.apply(-3, zeroPoint: 0, lower: -128, upper: 127) == -1)  // −1.5 → −1
        #expect(half.apply(1000, zeroPoint: -128, lower: -128, upper: 127) == 127)
        #expect(half.apply(-1000, zeroPoint: 10, lower: 10, upper: 127) == 10)  // fused ReLU
        var rng = SplitMix64(seed: 41)
        for _ in 0..<2000 {
            let real = Double.random(in: 1e-5...4, using: &rng)
            let r = Requantization(real: real)
            #expect(r.multiplier >= 1 << 30 && abs(Double(r.multiplier) * pow2(r.shift - 31) / real - 1) < 1e-9)
            let acc = Int32.random(in: -(1 << 20)...(1 << 20), using: &rng)
            // The same value in exact double arithmetic (the product fits in 53 bits).
            let exact = (Double(acc) * Double(r.multiplier) * pow2(r.shift - 31) + 0.5).rounded(.down)
            let want = Int32(min(max(exact, -2_000_000), 2_000_000))
            #expect(r.apply(acc, zeroPoint: 0, lower: -2_000_000, upper: 2_000_000) == want, "\(acc) · \(real)")
        }
    }

    @Test("QuantizedGemm equals its naive reference bit for bit (zero points, fused ReLU)")
    func gemm() {
        var rng = SplitMix64(seed: 42)
        for (rows, n, k) in [(1, 10, 80), (3, 7, 33), (2, 80, 3136)] {
            let l = layer(n, k, &rng, real: 1.0 / Double(k * 40))
            let x = int8s(rows * k, &rng)
            for (index, out) in [
                QuantizedGemm.Output(inputZeroPoint: -128, zeroPoint: 5, lower: -128, upper: 127),
                QuantizedGemm.Output(inputZeroPoint: 17, zeroPoint: -128, lower: -128, upper: 127),
                QuantizedGemm.Output(inputZeroPoint: 3, zeroPoint: -20, lower: -20, upper: 127),
            ].enumerated() {
                var y = [Int8](repeating: 0, count: rows * n)
                x.withUnsafeBufferPointer { xp in
                    y.withUnsafeMutableBufferPointer {
                        QuantizedGemm.forward(l, rows: rows, input: xp.baseAddress!, output: $0.baseAddress!, out)
                    }
                }
                let reference = QuantizedGemm.forwardReference(l, rows: rows, input: x, out)
                #expect(y == reference)
                // Not a degenerate case: centred outputs spread over the grid, most unsaturated.
                if index == 0 {
                    #expect(Set(reference).count >= 5)
                    #expect(reference.filter { $0 != -128 && $0 != 127 }.count * 10 >= reference.count * 9)
                }
            }
        }
    }

    @Test("QuantizedConv2D equals its naive reference bit for bit (padding, stride, dilation, ReLU)")
    func conv() throws {
        var rng = SplitMix64(seed: 43)
        let cases: [(Int, Int, Int, Int, Int, Conv2DParameters)] = [
            (1, 1, 28, 28, 32, Conv2DParameters(padding: 1)),
            (1, 32, 14, 14, 64, Conv2DParameters(padding: 1)),
            (
                2, 3, 9, 7, 5,
                Conv2DParameters(
                    strideHeight: 2, strideWidth: 1, padTop: 2, padLeft: 0, padBottom: 1, padRight: 2,
                    dilationHeight: 1,
                    dilationWidth: 2, groups: 1)
            ),
        ]
        for (batch, cin, h, w, cout, parameters) in cases {
            let g = try Conv2DGeometry(
                batch: batch, inChannels: cin, inHeight: h, inWidth: w, outChannels: cout, kernelHeight: 3,
                kernelWidth: 3, parameters: parameters)
            let l = layer(cout, g.patchSize, &rng, real: 1.0 / Double(g.patchSize * 40))
            let x = int8s(g.inputCount, &rng)
            let out = QuantizedGemm.Output(inputZeroPoint: -95, zeroPoint: -128, lower: -128, upper: 127)
            var y = [Int8](repeating: 0, count: g.outputCount)
            var scratch = [Int8](repeating: 0, count: QuantizedConv2D.scratchCount(g))
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    scratch.withUnsafeMutableBufferPointer {
                        QuantizedConv2D.forward(
                            g, l, input: xp.baseAddress!, output: yp.baseAddress!, scratch: $0.baseAddress!, out)
                    }
                }
            }
            let reference = QuantizedConv2D.forwardReference(g, l, input: x, out)
            #expect(y == reference, "\(g.outputDims)")
            #expect(Set(reference).count > 10)
        }
    }

    @Test("integer Gemm is within one output step of the float (fake-quant) computation")
    func againstFloat() {
        var rng = SplitMix64(seed: 44)
        let (n, k) = (16, 200)
        let (inputScale, outputScale) = (0.02, 0.05)
        let weightScales = (0..<n).map { _ in Double.random(in: 0.001...0.01, using: &rng) }
        var l = layer(n, k, &rng, real: 1)
        l = QuantizedGemm.Layer(
            outFeatures: n, inFeatures: k, weights: l.weights, bias: l.bias,
            requantization: weightScales.map { Requantization(real: inputScale * $0 / outputScale) })
        let out = QuantizedGemm.Output(inputZeroPoint: -30, zeroPoint: 7, lower: -128, upper: 127)
        let x = int8s(k, &rng)
        let y = QuantizedGemm.forwardReference(l, rows: 1, input: x, out)
        for c in 0..<n {
            var real = Double(l.bias[c]) * inputScale * weightScales[c]
            for i in 0..<k {
                real += Double(Int(x[i]) + 30) * inputScale * Double(l.weights[c * k + i]) * weightScales[c]
            }
            let want = min(max((real / outputScale).rounded() + 7, -128), 127)
            #expect(abs(Double(y[c]) - want) <= 1, "channel \(c): \(y[c]) vs \(want)")
        }
    }
}

private func pow2(_ e: Int) -> Double { e >= 0 ? Double(1 << e) : 1 / Double(1 << -e) }
