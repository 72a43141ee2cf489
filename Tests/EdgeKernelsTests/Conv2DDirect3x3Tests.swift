import EdgeTensor
import Testing

@testable import EdgeKernels

@Suite("direct 3x3 convolution (few input channels)")
struct Conv2DDirect3x3Tests {
    /// (batch, cin, cout, height, width, pad top/left/bottom/right): DigitCNN's conv1, odd sizes and
    /// channel counts (partial blocks), widths past one 16-column block, no padding, asymmetric
    /// padding, one pixel.
    static let shapes: [(Int, Int, Int, Int, Int, [Int])] = [
        (1, 1, 32, 28, 28, [1, 1, 1, 1]), (2, 3, 5, 7, 9, [1, 1, 1, 1]), (1, 2, 3, 5, 37, [1, 1, 1, 1]),
        (1, 4, 3, 6, 5, [0, 0, 0, 0]), (1, 2, 2, 5, 6, [0, 1, 1, 0]), (1, 1, 1, 3, 3, [0, 0, 0, 0]),
        (1, 7, 4, 16, 16, [1, 1, 1, 1]),
    ]

    @Test("equals the direct reference convolution (bias, ReLU, every kernel path)", arguments: KernelPath.available)
    func matchesReference(path: KernelPath) throws {
        var rng = SplitMix64(seed: 91)
        for (batch, cin, cout, h, w, pads) in Self.shapes {
            let geometry = try Conv2DGeometry(
                batch: batch, inChannels: cin, inHeight: h, inWidth: w, outChannels: cout, kernelHeight: 3,
                kernelWidth: 3,
                parameters: Conv2DParameters(
                    strideHeight: 1, strideWidth: 1, padTop: pads[0], padLeft: pads[1], padBottom: pads[2],
                    padRight: pads[3], dilationHeight: 1, dilationWidth: 1, groups: 1))
            let direct = try #require(Conv2DDirect3x3(geometry))
            let input = [Float].random(geometry.inputCount, &rng)
            let weight = [Float].random(cout * cin * 9, &rng)
            let bias = [Float].random(cout, &rng)
            for (relu, withBias) in [(false, true), (true, true), (true, false)] {
                // One float past the output, to catch a store beyond it.
                let outputs = withOutputs([geometry.outputCount, geometry.outputCount + 1, direct.scratchCount]) {
                    b in
                    b[1][geometry.outputCount] = 42
                    Conv2D.forwardReference(
                        geometry, input: input, weight: weight, bias: withBias ? bias : nil, output: b[0],
                        activation: relu ? .relu : .none)
                    bias.withUnsafeBufferPointer { bias in
                        direct.forward(
                            input: input, weight: weight, bias: withBias ? bias.baseAddress : nil, output: b[1],
                            scratch: b[2], relu: relu, path: path)
                    }
                }
                let error = relativeError(Array(outputs[1].prefix(geometry.outputCount)), outputs[0])
                #expect(
                    error < 1e-5 && outputs[1][geometry.outputCount] == 42,
                    "\(path) \(batch)x\(cin)->\(cout) \(h)x\(w) pads \(pads) relu \(relu) bias \(withBias): \(error)")
            }
        }
    }

    @Test(
        "the fused 2x2 max pool equals the reference conv, ReLU, then the reference pool",
        arguments: KernelPath.available)
    func fusedPool(path: KernelPath) throws {
        var rng = SplitMix64(seed: 92)
        for (batch, cin, cout, h, w) in [(1, 1, 32, 28, 28), (2, 3, 9, 6, 8), (1, 2, 3, 4, 36)] {
            let geometry = try Conv2DGeometry(
                batch: batch, inChannels: cin, inHeight: h, inWidth: w, outChannels: cout, kernelHeight: 3,
                kernelWidth: 3, parameters: Conv2DParameters(stride: 1, padding: 1))
            let direct = try #require(Conv2DDirect3x3(geometry))
            #expect(direct.canFuseMaxPool2x2)
            let pool = try Pool2DGeometry(batch: batch, channels: cout, inHeight: h, inWidth: w, kernel: 2)
            let input = [Float].random(geometry.inputCount, &rng)
            let weight = [Float].random(cout * cin * 9, &rng)
            let bias = [Float].random(cout, &rng)
            for relu in [false, true] {
                let outputs = withOutputs(
                    [geometry.outputCount, pool.outputCount, pool.outputCount + 1, direct.scratchCount]
                ) { b in
                    b[2][pool.outputCount] = 42
                    Conv2D.forwardReference(
                        geometry, input: input, weight: weight, bias: bias, output: b[0],
                        activation: relu ? .relu : .none)
                    MaxPool2D.forwardReference(pool, input: b[0], output: b[1], argmax: nil)
                    direct.forward(
                        input: input, weight: weight, bias: bias, output: b[2], scratch: b[3], relu: relu,
                        maxPool2x2: true, path: path)
                }
                let error = relativeError(Array(outputs[2].prefix(pool.outputCount)), outputs[1])
                #expect(
                    error < 1e-5 && outputs[2][pool.outputCount] == 42,
                    "\(path) \(batch)x\(cin)->\(cout) \(h)x\(w) relu \(relu): \(error)")
            }
        }
        let odd = try Conv2DGeometry(
            batch: 1, inChannels: 1, inHeight: 7, inWidth: 8, outChannels: 8, kernelHeight: 3, kernelWidth: 3,
            parameters: Conv2DParameters(stride: 1, padding: 1))
        #expect(Conv2DDirect3x3(odd)?.canFuseMaxPool2x2 == false)
        let strided = try Conv2DGeometry(
            batch: 1, inChannels: 1, inHeight: 8, inWidth: 8, outChannels: 8, kernelHeight: 3, kernelWidth: 3,
            parameters: Conv2DParameters(stride: 2, padding: 1))
        #expect(Conv2DDirect3x3(strided) == nil)
    }
}
