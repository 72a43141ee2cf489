import EdgeTensor
import Testing

@testable import EdgeKernels

private func int8s(_ count: Int, _ rng: inout SplitMix64, _ range: ClosedRange<Int> = -128...127) -> [Int8] {
    (0..<count).map { _ in Int8(Int.random(in: range, using: &rng)) }
}

/// Full-range weights (−128…127: the AVX2 path must not saturate), biases, per-channel multipliers.
private func layer(_ n: Int, _ k: Int, _ rng: inout SplitMix64, real: Double) -> QuantizedGemm.Layer {
    QuantizedGemm.Layer(
        outFeatures: n, inFeatures: k, weights: int8s(n * k, &rng),
        bias: (0..<n).map { _ in Int32.random(in: -5000...5000, using: &rng) },
        requantization: (0..<n).map { _ in Requantization(real: real * Double.random(in: 0.5...2, using: &rng)) })
}

/// The fast families this process can run; the others are skipped with the reason printed.
private func fastFamilies() -> [QuantizedKernels] {
    [QuantizedKernels.avx2, .vnni].filter { family in
        if let reason = family.unsupportedReason {
            print("skipping the \(family) integer kernels: \(reason)")
            return false
        }
        return true
    }
}

/// int8 2×2/2 max-pool (floor) of NCHW planes: the reference the fused epilogue must equal.
private func maxPoolReference(_ x: [Int8], planes: Int, height: Int, width: Int) -> [Int8] {
    let (oh, ow) = (height / 2, width / 2)
    var y = [Int8](repeating: 0, count: planes * oh * ow)
    for p in 0..<planes {
        for r in 0..<oh {
            for c in 0..<ow {
                let at = { (dy: Int, dx: Int) in x[(p * height + 2 * r + dy) * width + 2 * c + dx] }
                y[(p * oh + r) * ow + c] = max(max(at(0, 0), at(0, 1)), max(at(1, 0), at(1, 1)))
            }
        }
    }
    return y
}

/// NCHW ↔ NHWC of one image.
private func toNHWC(_ x: [Int8], channels: Int, spatial: Int) -> [Int8] {
    (0..<(channels * spatial)).map { i in x[(i % channels) * spatial + i / channels] }
}

@Suite("Packed integer kernels (AVX2, AVX-512 VNNI) equal the naive reference bit for bit")
struct QuantizedPackedKernelTests {
    @Test("convolution: padding, stride, dilation, channel tails, fused ReLU and 2×2 max-pool, both layouts")
    func conv() throws {
        var rng = SplitMix64(seed: 51)
        let cases: [(Int, Int, Int, Int, Int, Conv2DParameters)] = [
            (1, 1, 28, 28, 32, Conv2DParameters(padding: 1)),
            (1, 32, 14, 14, 64, Conv2DParameters(padding: 1)),
            (1, 5, 7, 9, 20, Conv2DParameters(padding: 1)),
            (2, 3, 9, 7, 70, Conv2DParameters(padding: 0)),
            // The AVX2 integer Winograd: odd outputs (partial tiles; the pool floors), channel
            // tails, asymmetric padding, a batch, NCHW input from a 1-channel-stride copy.
            (1, 8, 5, 7, 9, Conv2DParameters(padding: 1)),
            (
                1, 17, 7, 6, 24,
                Conv2DParameters(
                    strideHeight: 1, strideWidth: 1, padTop: 2, padLeft: 0, padBottom: 1, padRight: 2,
                    dilationHeight: 1, dilationWidth: 1, groups: 1)
            ),
            (2, 16, 6, 6, 16, Conv2DParameters(padding: 0)),
            (
                1, 3, 9, 7, 5,
                Conv2DParameters(
                    strideHeight: 2, strideWidth: 1, padTop: 2, padLeft: 0, padBottom: 1, padRight: 2,
                    dilationHeight: 1, dilationWidth: 2, groups: 1)
            ),
        ]
        let outs = [
            QuantizedGemm.Output(inputZeroPoint: -95, zeroPoint: -128, lower: -128, upper: 127),
            QuantizedGemm.Output(inputZeroPoint: 12, zeroPoint: -7, lower: -7, upper: 127),  // fused ReLU
            QuantizedGemm.Output(inputZeroPoint: -128, zeroPoint: 127, lower: -128, upper: 127),  // saturating
        ]
        for family in fastFamilies() {
            for (batch, cin, h, w, cout, parameters) in cases {
                let g = try Conv2DGeometry(
                    batch: batch, inChannels: cin, inHeight: h, inWidth: w, outChannels: cout, kernelHeight: 3,
                    kernelWidth: 3, parameters: parameters)
                let l = layer(cout, g.patchSize, &rng, real: 1.0 / Double(g.patchSize * 60))
                let x = int8s(g.inputCount, &rng)
                for out in outs {
                    let reference = QuantizedConv2D.forwardReference(g, l, input: x, out)
                    for pool in [false, true] where !pool || batch == 1 {
                        for layouts in [
                            (PackedQuantizedConv2D.Layout.nchw, PackedQuantizedConv2D.Layout.nchw), (.nhwc, .nhwc),
                        ]
                        where batch == 1 || layouts.0 == .nchw {
                            let kernel = try #require(
                                PackedQuantizedConv2D(
                                    g, l, out, pool: pool, inputLayout: layouts.0, outputLayout: layouts.1,
                                    kernels: family))
                            #expect(kernel.winograd == PackedQuantizedConv2D.winogradApplies(g, kernels: family))
                            if family == .avx2 && cin >= 8 { #expect(kernel.winograd, "\(g.outputDims)") }
                            let input = layouts.0 == .nchw ? x : toNHWC(x, channels: cin, spatial: g.inSpatial)
                            var y = [Int8](repeating: 99, count: batch * kernel.outputCount)
                            let scratch = UnsafeMutableRawPointer.allocate(
                                byteCount: kernel.scratchBytes, alignment: 64)
                            defer { scratch.deallocate() }
                            input.withUnsafeBufferPointer { xp in
                                y.withUnsafeMutableBufferPointer {
                                    kernel.forward(input: xp.baseAddress!, output: $0.baseAddress!, scratch: scratch)
                                }
                            }
                            var want = reference
                            if pool {
                                want = maxPoolReference(
                                    reference, planes: batch * cout, height: g.outHeight, width: g.outWidth)
                            }
                            if layouts.1 == .nhwc {
                                want = toNHWC(
                                    want, channels: cout, spatial: kernel.outputHeight * kernel.outputWidth)
                            }
                            #expect(y == want, "\(family) \(g.outputDims) pool \(pool) \(layouts) \(out)")
                        }
                    }
                    #expect(Set(reference).count > 10)
                }
            }
        }
    }

    @Test("linear: tails of 64 and 16, permuted input order, int8 and float epilogues")
    func gemm() throws {
        var rng = SplitMix64(seed: 52)
        for family in fastFamilies() {
            for (n, k) in [(10, 80), (7, 33), (80, 3136), (5, 200)] {
                let l = layer(n, k, &rng, real: 1.0 / Double(k * 40))
                let x = int8s(k, &rng)
                let out = QuantizedGemm.Output(inputZeroPoint: 17, zeroPoint: -20, lower: -20, upper: 127)
                let reference = QuantizedGemm.forwardReference(l, rows: 1, input: x, out)
                // A seeded permutation of the input positions.
                var order = Array(0..<k)
                for i in stride(from: k - 1, to: 0, by: -1) { order.swapAt(i, Int.random(in: 0...i, using: &rng)) }
                for permuted in [false, true] {
                    let kernel = try #require(
                        PackedQuantizedGemm(l, .int8(out), inputOrder: permuted ? order : nil, kernels: family))
                    let input = permuted ? order.map { x[$0] } : x
                    var y = [Int8](repeating: 0, count: n)
                    let scratch = UnsafeMutableRawPointer.allocate(byteCount: kernel.scratchBytes, alignment: 64)
                    defer { scratch.deallocate() }
                    input.withUnsafeBufferPointer { xp in
                        y.withUnsafeMutableBufferPointer {
                            kernel.forward(
                                input: xp.baseAddress!, output: $0.baseAddress!, logits: nil, scratch: scratch)
                        }
                    }
                    #expect(y == reference, "\(family) \(n)×\(k) permuted \(permuted)")
                }
                // Float logits: Float(acc) · scale, the accumulators exact.
                let scales = (0..<n).map { Float($0 + 1) * 0.001 }
                let kernel = try #require(
                    PackedQuantizedGemm(l, .float(inputZeroPoint: -3, scales: scales, relu: false), kernels: family))
                var logits = [Float](repeating: .nan, count: n)
                let scratch = UnsafeMutableRawPointer.allocate(byteCount: kernel.scratchBytes, alignment: 64)
                defer { scratch.deallocate() }
                x.withUnsafeBufferPointer { xp in
                    logits.withUnsafeMutableBufferPointer {
                        kernel.forward(input: xp.baseAddress!, output: nil, logits: $0.baseAddress!, scratch: scratch)
                    }
                }
                let want = (0..<n).map { c in
                    var acc = Int64(l.bias[c])
                    for i in 0..<k { acc += (Int64(x[i]) + 3) * Int64(l.weights[c * k + i]) }
                    return Float(Int32(acc)) * scales[c]
                }
                #expect(logits == want, "\(family) \(n)×\(k) float")
            }
        }
    }

    @Test("the portable family and multipliers ≥ 1 are not packed (the plan keeps the portable kernel)")
    func refusals() throws {
        let g = try Conv2DGeometry(
            batch: 1, inChannels: 1, inHeight: 4, inWidth: 4, outChannels: 2, kernelHeight: 3, kernelWidth: 3,
            parameters: Conv2DParameters(padding: 1))
        let out = QuantizedGemm.Output(inputZeroPoint: 0, zeroPoint: 0, lower: -128, upper: 127)
        let weights = [Int8](repeating: 1, count: 18)
        let small = QuantizedGemm.Layer(
            outFeatures: 2, inFeatures: 9, weights: weights, bias: [0, 0],
            requantization: [Requantization(real: 0.01), Requantization(real: 0.5)])
        let large = QuantizedGemm.Layer(
            outFeatures: 2, inFeatures: 9, weights: weights, bias: [0, 0],
            requantization: [Requantization(real: 0.01), Requantization(real: 3)])
        #expect(
            PackedQuantizedConv2D(
                g, small, out, pool: false, inputLayout: .nchw, outputLayout: .nchw, kernels: .portable)
                == nil)
        for family in fastFamilies() {
            #expect(
                PackedQuantizedConv2D(
                    g, small, out, pool: true, inputLayout: .nchw, outputLayout: .nchw, kernels: family)
                    != nil)
            #expect(
                PackedQuantizedConv2D(
                    g, large, out, pool: false, inputLayout: .nchw, outputLayout: .nchw, kernels: family)
                    == nil)
        }
    }

    @Test("the input quantization gives the same int8 on every family (ties to even, saturation, NaN, ±∞)")
    func quantizeInput() {
        var rng = SplitMix64(seed: 53)
        var x = (0..<1003).map { _ in Float.random(in: -12...12, using: &rng) }
        x += [0.25, 0.75, -0.25, -0.75, 1.25, .nan, .infinity, -.infinity, 1e30, -1e30, 0, -0]
        let want = x.map { v -> Int8 in
            let q = (v / 0.5).rounded(.toNearestOrEven) + 3
            return q.isNaN ? 3 : Int8(max(-128, min(127, q)))
        }
        for family in [QuantizedKernels.portable] + fastFamilies() {
            var y = [Int8](repeating: 0, count: x.count)
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer {
                    QuantizeLinear.toInt8(
                        count: xp.count, input: xp.baseAddress!, scale: 0.5, zeroPoint: 3, output: $0.baseAddress!,
                        kernels: family)
                }
            }
            #expect(y == want, "\(family)")
        }
    }

    @Test("the family follows the kernel path: avx512 runs VNNI only where the CPU has it")
    func families() {
        #expect(QuantizedKernels(.portable) == .portable)
        #expect(QuantizedKernels(.avx2) == .avx2)
        #expect(QuantizedKernels(.avx512) == (CPUSupport.shared.avx512VNNI ? .vnni : .avx2))
        #expect(QuantizedKernels(KernelPath.current).unsupportedReason == nil)
    }
}
