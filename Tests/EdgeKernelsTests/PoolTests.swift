import EdgeTensor
import Testing

@testable import EdgeKernels

@Suite struct PoolTests {
    static let cases: [(batch: Int, channels: Int, size: Int, parameters: Pool2DParameters)] = [
        (1, 32, 28, Pool2DParameters(kernel: 2)),
        (1, 64, 14, Pool2DParameters(kernel: 2)),
        (2, 3, 5, Pool2DParameters(kernel: 2)),
        (1, 7, 13, Pool2DParameters(kernel: 2)),
        (1, 17, 13, Pool2DParameters(kernel: 3, stride: 2, padding: 1)),
        (2, 1, 5, Pool2DParameters(kernel: 3, stride: 1, padding: 1)),
        (
            1, 3, 13,
            Pool2DParameters(
                kernelHeight: 2, kernelWidth: 3, strideHeight: 1, strideWidth: 2,
                padTop: 1, padLeft: 0, padBottom: 0, padRight: 1)
        ),
    ]

    @Test(arguments: cases.indices)
    func maxPoolMatchesReferenceOnEveryPath(_ index: Int) throws {
        let c = Self.cases[index]
        let g = try Pool2DGeometry(
            batch: c.batch, channels: c.channels, inHeight: c.size, inWidth: c.size,
            parameters: c.parameters)
        var rng = SplitMix64(seed: UInt64(index + 100))
        // Coarse values so ties happen and the tie rule is exercised.
        let x = [Float].random(g.inputCount, &rng).map { ($0 * 4).rounded() }
        let dy = [Float].random(g.outputCount, &rng)
        var expectedArgmax = [Int32](repeating: -1, count: g.outputCount)
        let expected = withOutputs([g.outputCount, g.inputCount]) { out in
            MaxPool2D.forwardReference(g, input: x, output: out[0], argmax: &expectedArgmax)
            out[1].update(repeating: 0, count: g.inputCount)
            let plane = c.size * c.size
            let outPlane = g.outHeight * g.outWidth
            for o in 0..<g.outputCount { out[1][(o / outPlane) * plane + Int(expectedArgmax[o])] += dy[o] }
        }
        for path in KernelPath.available {
            var argmax = [Int32](repeating: -1, count: g.outputCount)
            let actual = withOutputs([g.outputCount, g.inputCount]) { out in
                MaxPool2D.forward(g, input: x, output: out[0], argmax: &argmax, path: path)
                MaxPool2D.backward(g, outputGradient: dy, argmax: argmax, inputGradient: out[1], path: path)
            }
            #expect(actual[0] == expected[0], "\(index) \(path) output")
            #expect(argmax == expectedArgmax, "\(index) \(path) argmax")
            #expect(relativeError(actual[1], expected[1]) <= relativeTolerance, "\(index) \(path) gradient")
        }
    }

    @Test(arguments: cases.indices, [true, false])
    func averagePoolBackwardMatchesFiniteDifferences(_ index: Int, countIncludePad: Bool) throws {
        let c = Self.cases[index]
        let g = try Pool2DGeometry(batch: 1, channels: 1, inHeight: c.size, inWidth: c.size, parameters: c.parameters)
        var rng = SplitMix64(seed: UInt64(index + 200))
        let x = [Float].random(g.inputCount, &rng)
        let dy = [Float].random(g.outputCount, &rng)
        func loss(_ x: [Float]) -> Double {
            let y = withOutputs([g.outputCount]) {
                AvgPool2D.forwardReference(g, input: x, output: $0[0], countIncludePad: countIncludePad)
            }[0]
            return zip(y, dy).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        for path in KernelPath.available {
            let result = withOutputs([g.outputCount, g.outputCount, g.inputCount]) { out in
                AvgPool2D.forwardReference(g, input: x, output: out[0], countIncludePad: countIncludePad)
                AvgPool2D.forward(g, input: x, output: out[1], countIncludePad: countIncludePad, path: path)
                AvgPool2D.backward(
                    g, outputGradient: dy, inputGradient: out[2], countIncludePad: countIncludePad, path: path)
            }
            #expect(relativeError(result[1], result[0]) <= relativeTolerance)
            // Pooling is linear, so one finite difference per input is exact up to rounding.
            for i in stride(from: 0, to: x.count, by: 5) {
                var plus = x
                var minus = x
                plus[i] += 0.5
                minus[i] -= 0.5
                #expect(abs(loss(plus) - loss(minus) - Double(result[2][i])) < 1e-4, "\(index) input \(i)")
            }
        }
    }

    @Test func padding3x3AveragesMatchPyTorchAndONNXConventions() throws {
        // 3x3 window, stride 1, pad 1 on a 2x2 image of ones: corners see 4 real pixels of 9.
        let g = try Pool2DGeometry(batch: 1, channels: 1, inHeight: 2, inWidth: 2, kernel: 3, stride: 1, padding: 1)
        let ones: [Float] = [1, 1, 1, 1]
        let out = withOutputs([4, 4]) { out in
            AvgPool2D.forward(g, input: ones, output: out[0], countIncludePad: true)
            AvgPool2D.forward(g, input: ones, output: out[1], countIncludePad: false)
        }
        #expect(out[0].allSatisfy { abs($0 - 4 / 9) < 1e-6 })
        #expect(out[1] == [1, 1, 1, 1])
    }

    @Test func globalAveragePoolAndTensorLevel() throws {
        var rng = SplitMix64(seed: 3)
        let x = Tensor<Float>(shape: [2, 3, 5, 5], scalars: [Float].random(150, &rng))
        for path in KernelPath.available {
            let y = try GlobalAvgPool.forward(x, path: path)
            #expect(y.shape == [2, 3, 1, 1])
            let expected = withOutputs([6]) {
                GlobalAvgPool.forwardReference(batch: 2, channels: 3, spatial: 25, input: x.scalars, output: $0[0])
            }[0]
            #expect(relativeError(y.scalars, expected) <= relativeTolerance)
            let dx = try GlobalAvgPool.backward(
                outputGradient: Tensor(shape: [2, 3, 1, 1], repeating: 25), inputShape: x.shape,
                path: path)
            #expect(dx.scalars.allSatisfy { $0 == 1 })
        }
        let (pooled, argmax) = try MaxPool2D.forward(x, parameters: Pool2DParameters(kernel: 2))
        #expect(pooled.shape == [2, 3, 2, 2] && argmax.shape == [2, 3, 2, 2])
        let dx = try MaxPool2D.backward(
            outputGradient: Tensor(shape: [2, 3, 2, 2], repeating: 1), argmax: argmax,
            inputShape: x.shape, parameters: Pool2DParameters(kernel: 2))
        #expect(dx.scalars.reduce(0, +) == 24)
        #expect(try AvgPool2D.forward(x, parameters: Pool2DParameters(kernel: 5)).shape == [2, 3, 1, 1])
        #expect(throws: KernelError("maxpool: input has shape [3,5,5], expected rank 4")) {
            try MaxPool2D.forward(Tensor(shape: [3, 5, 5]), parameters: Pool2DParameters(kernel: 2))
        }
        #expect(throws: KernelError.self) {
            try MaxPool2D.backward(
                outputGradient: Tensor(shape: [2, 3, 2, 2]), argmax: Tensor(shape: [2, 3, 2, 2], repeating: 99),
                inputShape: x.shape, parameters: Pool2DParameters(kernel: 2))
        }
        #expect(throws: KernelError.self) {
            try AvgPool2D.forward(x, parameters: Pool2DParameters(kernel: 7))
        }
    }
}
