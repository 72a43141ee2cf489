import EdgeTensor
import Testing

@testable import EdgeKernels

@Suite("Winograd F(2x2,3x3) convolution")
struct Conv2DWinogradTests {
    /// (batch, cin, cout, height, width, pad top/left/bottom/right): DigitCNN's two convs, odd
    /// sizes (cropped last tiles), no padding, asymmetric padding, one channel.
    static let shapes: [(Int, Int, Int, Int, Int, [Int])] = [
        (1, 32, 64, 14, 14, [1, 1, 1, 1]), (1, 1, 32, 28, 28, [1, 1, 1, 1]), (2, 3, 5, 7, 9, [1, 1, 1, 1]),
        (1, 4, 3, 6, 5, [0, 0, 0, 0]), (1, 2, 2, 5, 6, [0, 1, 1, 0]), (1, 1, 1, 3, 3, [0, 0, 0, 0]),
    ]

    @Test("equals the direct reference convolution (bias, ReLU, every kernel path)", arguments: KernelPath.available)
    func matchesReference(path: KernelPath) throws {
        var rng = SplitMix64(seed: 77)
        for (batch, cin, cout, h, w, pads) in Self.shapes {
            let geometry = try Conv2DGeometry(
                batch: batch, inChannels: cin, inHeight: h, inWidth: w, outChannels: cout, kernelHeight: 3,
                kernelWidth: 3,
                parameters: Conv2DParameters(
                    strideHeight: 1, strideWidth: 1, padTop: pads[0], padLeft: pads[1], padBottom: pads[2],
                    padRight: pads[3], dilationHeight: 1, dilationWidth: 1, groups: 1))
            let winograd = try #require(Conv2DWinograd(geometry))
            let input = [Float].random(geometry.inputCount, &rng)
            let weight = [Float].random(cout * cin * 9, &rng)
            let bias = [Float].random(cout, &rng)
            for relu in [false, true] {
                let outputs = withOutputs([
                    geometry.outputCount, geometry.outputCount, winograd.packedWeightCount, winograd.scratchCount,
                ]) { b in
                    Conv2D.forwardReference(
                        geometry, input: input, weight: weight, bias: bias, output: b[0],
                        activation: relu ? .relu : .none)
                    winograd.packWeights(weight, into: b[2])
                    winograd.forward(
                        input: input, packed: b[2], bias: bias, output: b[1], scratch: b[3], relu: relu, path: path)
                }
                let error = relativeError(outputs[1], outputs[0])
                #expect(error < 1e-5, "\(path) \(batch)x\(cin)->\(cout) \(h)x\(w) pads \(pads) relu \(relu): \(error)")
            }
        }
    }

    @Test("the fused 2x2 max pool equals the reference conv then the reference pool", arguments: KernelPath.available)
    func fusedPool(path: KernelPath) throws {
        var rng = SplitMix64(seed: 78)
        for (cin, cout, h, w) in [(32, 64, 14, 14), (3, 9, 6, 8)] {
            let geometry = try Conv2DGeometry(
                batch: 1, inChannels: cin, inHeight: h, inWidth: w, outChannels: cout, kernelHeight: 3, kernelWidth: 3,
                parameters: Conv2DParameters(stride: 1, padding: 1))
            let winograd = try #require(Conv2DWinograd(geometry))
            #expect(winograd.canFuseMaxPool2x2)
            let pool = try Pool2DGeometry(batch: 1, channels: cout, inHeight: h, inWidth: w, kernel: 2)
            let input = [Float].random(geometry.inputCount, &rng)
            let weight = [Float].random(cout * cin * 9, &rng)
            let bias = [Float].random(cout, &rng)
            let outputs = withOutputs(
                [
                    geometry.outputCount, pool.outputCount, pool.outputCount, winograd.packedWeightCount,
                    winograd.scratchCount,
                ]
            ) { b in
                Conv2D.forwardReference(
                    geometry, input: input, weight: weight, bias: bias, output: b[0], activation: .relu)
                MaxPool2D.forwardReference(pool, input: b[0], output: b[1], argmax: nil)
                winograd.packWeights(weight, into: b[3])
                winograd.forward(
                    input: input, packed: b[3], bias: bias, output: b[2], scratch: b[4], relu: true, maxPool2x2: true,
                    path: path)
            }
            #expect(relativeError(outputs[2], outputs[1]) < 1e-5, "\(path) \(cin)->\(cout) \(h)x\(w)")
        }
        let odd = try Conv2DGeometry(
            batch: 1, inChannels: 8, inHeight: 7, inWidth: 8, outChannels: 8, kernelHeight: 3, kernelWidth: 3,
            parameters: Conv2DParameters(stride: 1, padding: 1))
        #expect(Conv2DWinograd(odd)?.canFuseMaxPool2x2 == false)
    }

    @Test("only 3x3 stride-1 undilated ungrouped convolutions qualify")
    func eligibility() throws {
        func geometry(kernel: Int = 3, stride: Int = 1, dilation: Int = 1, groups: Int = 1) throws -> Conv2DGeometry {
            try Conv2DGeometry(
                batch: 1, inChannels: 4, inHeight: 8, inWidth: 8, outChannels: 4, kernelHeight: kernel,
                kernelWidth: kernel,
                parameters: Conv2DParameters(stride: stride, padding: 1, dilation: dilation, groups: groups))
        }
        #expect(Conv2DWinograd(try geometry()) != nil)
        #expect(Conv2DWinograd(try geometry(kernel: 5)) == nil)
        #expect(Conv2DWinograd(try geometry(stride: 2)) == nil)
        #expect(Conv2DWinograd(try geometry(dilation: 2)) == nil)
        #expect(Conv2DWinograd(try geometry(groups: 4)) == nil)
    }
}
