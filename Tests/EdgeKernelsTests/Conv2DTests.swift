import EdgeTensor
import Testing

@testable import EdgeKernels

/// One convolution case: sizes and parameters.
struct ConvCase: CustomStringConvertible, Sendable {
    var batch: Int, inChannels: Int, outChannels: Int, height: Int, width: Int, kernel: Int
    var stride: Int, padding: Int, dilation: Int, groups: Int

    init(
        batch: Int = 1, inChannels: Int, outChannels: Int, height: Int, width: Int, kernel: Int = 3,
        stride: Int = 1, padding: Int = 0, dilation: Int = 1, groups: Int = 1
    ) {
        self.batch = batch
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.height = height
        self.width = width
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
    }

    var description: String {
        "n\(batch) \(inChannels)->\(outChannels) \(height)x\(width) k\(kernel) s\(stride) p\(padding) d\(dilation) g\(groups)"
    }

    func geometry() throws -> Conv2DGeometry {
        try Conv2DGeometry(
            batch: batch, inChannels: inChannels, inHeight: height, inWidth: width,
            outChannels: outChannels, kernelHeight: kernel, kernelWidth: kernel,
            parameters: Conv2DParameters(stride: stride, padding: padding, dilation: dilation, groups: groups))
    }
}

/// The odd shapes the issue names (1, 3, 7, 17 channels; 5×5 and 13×13; stride 2; padding 0 and 1),
/// plus dilation, groups, depthwise, 1×1, batches and DigitCNN's own conv layers.
let convCases: [ConvCase] = [
    ConvCase(inChannels: 1, outChannels: 3, height: 5, width: 5, padding: 1),
    ConvCase(inChannels: 3, outChannels: 7, height: 5, width: 5),
    ConvCase(inChannels: 7, outChannels: 17, height: 13, width: 13, padding: 1),
    ConvCase(inChannels: 17, outChannels: 7, height: 13, width: 13, stride: 2),
    ConvCase(inChannels: 3, outChannels: 17, height: 13, width: 13, stride: 2, padding: 1),
    ConvCase(batch: 3, inChannels: 7, outChannels: 3, height: 5, width: 5, stride: 2, padding: 1),
    ConvCase(inChannels: 3, outChannels: 7, height: 13, width: 13, padding: 1, dilation: 2),
    ConvCase(batch: 2, inChannels: 6, outChannels: 9, height: 5, width: 5, padding: 1, groups: 3),
    ConvCase(inChannels: 7, outChannels: 7, height: 13, width: 13, padding: 1, groups: 7),
    ConvCase(inChannels: 17, outChannels: 17, height: 5, width: 5, stride: 2, padding: 1, groups: 17),
    ConvCase(batch: 2, inChannels: 17, outChannels: 3, height: 5, width: 5, kernel: 1),
    ConvCase(inChannels: 3, outChannels: 7, height: 13, width: 13, kernel: 1, stride: 2),
    ConvCase(inChannels: 3, outChannels: 5, height: 13, width: 13, kernel: 5, padding: 2),
    ConvCase(batch: 2, inChannels: 3, outChannels: 5, height: 5, width: 5, kernel: 1, padding: 1),
    ConvCase(batch: 2, inChannels: 17, outChannels: 7, height: 13, width: 13, padding: 1),
    ConvCase(batch: 2, inChannels: 8, outChannels: 34, height: 5, width: 5, padding: 1, groups: 2),
    ConvCase(batch: 3, inChannels: 7, outChannels: 70, height: 13, width: 13, padding: 2, dilation: 2),
    ConvCase(inChannels: 4, outChannels: 6, height: 7, width: 7, kernel: 2, padding: 1, groups: 2),
    ConvCase(batch: 2, inChannels: 1, outChannels: 32, height: 28, width: 28, padding: 1),
    ConvCase(inChannels: 32, outChannels: 64, height: 14, width: 14, padding: 1),
    ConvCase(inChannels: 8, outChannels: 5, height: 5, width: 5, padding: 1),
    ConvCase(inChannels: 5, outChannels: 9, height: 13, width: 13, padding: 2, dilation: 2),
]

@Suite struct Conv2DTests {
    @Test(arguments: convCases)
    func fastMatchesReferenceOnEveryPath(_ testCase: ConvCase) throws {
        try compareEveryPath(try testCase.geometry(), "\(testCase)")
    }

    /// ONNX-style asymmetric padding and unequal strides/dilations, on the pointer level.
    @Test func asymmetricParameters() throws {
        let shapes: [Conv2DParameters] = [
            Conv2DParameters(
                strideHeight: 1, strideWidth: 1, padTop: 0, padLeft: 1, padBottom: 2, padRight: 0,
                dilationHeight: 1, dilationWidth: 1, groups: 1),
            Conv2DParameters(
                strideHeight: 2, strideWidth: 1, padTop: 1, padLeft: 0, padBottom: 0, padRight: 2,
                dilationHeight: 1, dilationWidth: 2, groups: 1),
            Conv2DParameters(
                strideHeight: 1, strideWidth: 1, padTop: 3, padLeft: 0, padBottom: 1, padRight: 3,
                dilationHeight: 1, dilationWidth: 1, groups: 1),
        ]
        for parameters in shapes {
            let g = try Conv2DGeometry(
                batch: 2, inChannels: 3, inHeight: 7, inWidth: 6, outChannels: 5,
                kernelHeight: 3, kernelWidth: 2, parameters: parameters)
            try compareEveryPath(g, "\(parameters)")
        }
    }

    func compareEveryPath(_ g: Conv2DGeometry, _ testCase: String) throws {
        var rng = SplitMix64(seed: UInt64(g.inputCount * 31 + g.weightCount))
        let x = [Float].random(g.inputCount, &rng)
        let w = [Float].random(g.weightCount, &rng)
        let bias = [Float].random(g.outChannels, &rng)
        let dy = [Float].random(g.outputCount, &rng)
        let priorWeightGradient = [Float].random(g.weightCount, &rng)
        let priorBiasGradient = [Float].random(g.outChannels, &rng)

        let reference = withOutputs([g.outputCount, g.outputCount, g.inputCount, g.weightCount, g.outChannels]) { out in
            Conv2D.forwardReference(g, input: x, weight: w, bias: bias, output: out[0])
            Conv2D.forwardReference(g, input: x, weight: w, bias: bias, output: out[1], activation: .relu)
            Conv2D.backwardInputReference(g, weight: w, outputGradient: dy, inputGradient: out[2])
            out[3].update(from: priorWeightGradient, count: g.weightCount)
            out[4].update(from: priorBiasGradient, count: g.outChannels)
            Conv2D.backwardWeightReference(
                g, input: x, outputGradient: dy, weightGradient: out[3],
                biasGradient: out[4], accumulate: true)
        }
        let scratchCount = max(g.forwardScratchCount, g.backwardInputScratchCount, g.backwardWeightScratchCount)
        for path in KernelPath.available {
            let fast = withOutputs([
                g.outputCount, g.outputCount, g.inputCount, g.weightCount, g.outChannels,
                scratchCount,
            ]) { out in
                let scratch = UnsafeMutableBufferPointer(start: out[5], count: scratchCount)
                Conv2D.forward(g, input: x, weight: w, bias: bias, output: out[0], scratch: scratch, path: path)
                Conv2D.forward(
                    g, input: x, weight: w, bias: bias, output: out[1], scratch: scratch,
                    activation: .relu, path: path)
                Conv2D.backwardInput(
                    g, weight: w, outputGradient: dy, inputGradient: out[2], scratch: scratch, path: path)
                out[3].update(from: priorWeightGradient, count: g.weightCount)
                out[4].update(from: priorBiasGradient, count: g.outChannels)
                Conv2D.backwardWeight(
                    g, input: x, outputGradient: dy, weightGradient: out[3], biasGradient: out[4],
                    scratch: scratch, accumulate: true, path: path)
            }
            for (index, name) in ["forward", "forward+relu", "input gradient", "weight gradient", "bias gradient"]
                .enumerated()
            {
                let error = relativeError(fast[index], reference[index])
                #expect(error <= relativeTolerance, "\(testCase) \(path) \(name): relative error \(error)")
            }
        }
    }

    /// The reference backward agrees with central finite differences of the reference forward.
    @Test func referenceGradientsMatchFiniteDifferences() throws {
        let g = try ConvCase(
            batch: 2, inChannels: 2, outChannels: 3, height: 5, width: 4, stride: 2, padding: 1,
            dilation: 1, groups: 1
        ).geometry()
        var rng = SplitMix64(seed: 7)
        let x = [Float].random(g.inputCount, &rng)
        let w = [Float].random(g.weightCount, &rng)
        let bias = [Float].random(g.outChannels, &rng)
        let dy = [Float].random(g.outputCount, &rng)
        // L = Σ dy · conv(x, w, b), so ∂L/∂θ is what the backward kernels compute for this dy.
        func loss(_ x: [Float], _ w: [Float], _ b: [Float]) -> Double {
            let y = withOutputs([g.outputCount]) {
                Conv2D.forwardReference(g, input: x, weight: w, bias: b, output: $0[0])
            }[0]
            return zip(y, dy).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        let grads = withOutputs([g.inputCount, g.weightCount, g.outChannels]) { out in
            Conv2D.backwardInputReference(g, weight: w, outputGradient: dy, inputGradient: out[0])
            Conv2D.backwardWeightReference(
                g, input: x, outputGradient: dy, weightGradient: out[1], biasGradient: out[2])
        }
        let h: Float = 1e-2
        for i in stride(from: 0, to: x.count, by: 7) {
            var plus = x
            var minus = x
            plus[i] += h
            minus[i] -= h
            let numeric = (loss(plus, w, bias) - loss(minus, w, bias)) / Double(2 * h)
            #expect(abs(numeric - Double(grads[0][i])) < 1e-2, "dx[\(i)]")
        }
        for i in 0..<w.count {
            var plus = w
            var minus = w
            plus[i] += h
            minus[i] -= h
            let numeric = (loss(x, plus, bias) - loss(x, minus, bias)) / Double(2 * h)
            #expect(abs(numeric - Double(grads[1][i])) < 1e-2, "dw[\(i)]")
        }
        for i in 0..<bias.count {
            var plus = bias
            var minus = bias
            plus[i] += h
            minus[i] -= h
            let numeric = (loss(x, w, plus) - loss(x, w, minus)) / Double(2 * h)
            #expect(abs(numeric - Double(grads[2][i])) < 1e-2, "db[\(i)]")
        }
    }

    @Test func tensorLevelForwardAndBackwardMatchPointerLevel() throws {
        var rng = SplitMix64(seed: 11)
        let input = Tensor<Float>(shape: [2, 3, 7, 7], scalars: [Float].random(2 * 3 * 49, &rng))
        let weight = Tensor<Float>(shape: [5, 3, 3, 3], scalars: [Float].random(5 * 27, &rng))
        let bias = Tensor<Float>(shape: [5], scalars: [Float].random(5, &rng))
        let parameters = Conv2DParameters(stride: 2, padding: 1)
        let y = try Conv2D.forward(input, weight: weight, bias: bias, parameters: parameters)
        #expect(y.shape == [2, 5, 4, 4])
        let g = try Conv2D.geometry(input: input.shape, weight: weight.shape, parameters: parameters)
        let expected = withOutputs([g.outputCount]) {
            Conv2D.forwardReference(g, input: input.scalars, weight: weight.scalars, bias: bias.scalars, output: $0[0])
        }[0]
        #expect(relativeError(y.scalars, expected) <= relativeTolerance)
        let dy = Tensor<Float>(shape: y.shape, scalars: [Float].random(y.count, &rng))
        let grads = try Conv2D.backward(input: input, weight: weight, outputGradient: dy, parameters: parameters)
        let reference = withOutputs([g.inputCount, g.weightCount, g.outChannels]) { out in
            Conv2D.backwardInputReference(g, weight: weight.scalars, outputGradient: dy.scalars, inputGradient: out[0])
            Conv2D.backwardWeightReference(
                g, input: input.scalars, outputGradient: dy.scalars,
                weightGradient: out[1], biasGradient: out[2])
        }
        #expect(relativeError(try #require(grads.input).scalars, reference[0]) <= relativeTolerance)
        #expect(relativeError(grads.weight.scalars, reference[1]) <= relativeTolerance)
        #expect(relativeError(grads.bias.scalars, reference[2]) <= relativeTolerance)
        #expect(
            try Conv2D.backward(
                input: input, weight: weight, outputGradient: dy, parameters: parameters,
                computeInputGradient: false
            ).input == nil)
    }

    @Test func badShapesThrowOneLineErrors() {
        let input = Tensor<Float>(shape: [1, 3, 5, 5])
        #expect(throws: KernelError("conv2d: input has 3 channels, weight [4,4,3,3] with 1 group(s) expects 4")) {
            try Conv2D.forward(input, weight: Tensor(shape: [4, 4, 3, 3]), bias: nil)
        }
        #expect(throws: KernelError.self) {
            try Conv2D.forward(input, weight: Tensor(shape: [4, 3, 7, 7]), bias: nil)
        }
        #expect(throws: KernelError("conv2d: bias has shape [3], expected [4]")) {
            try Conv2D.forward(input, weight: Tensor(shape: [4, 3, 3, 3]), bias: Tensor(shape: [3]))
        }
        #expect(throws: KernelError.self) {
            try Conv2DGeometry(
                batch: 1, inChannels: 3, inHeight: 5, inWidth: 5, outChannels: 4, kernelHeight: 3,
                kernelWidth: 3, parameters: Conv2DParameters(groups: 2))
        }
    }
}
