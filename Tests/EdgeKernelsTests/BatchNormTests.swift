import EdgeTensor
import Testing

@testable import EdgeKernels

@Suite struct BatchNormTests {
    @Test(arguments: [(1, 32, 784), (3, 7, 25), (2, 17, 169), (5, 3, 1), (64, 1, 9)])
    func everyFormMatchesReferenceOnEveryPath(_ sizes: (Int, Int, Int)) {
        let (batch, channels, spatial) = sizes
        let count = batch * channels * spatial
        var rng = SplitMix64(seed: UInt64(count + channels))
        // An offset so mean subtraction matters.
        let x = [Float].random(count, &rng).map { $0 * 3 + 0.5 }
        let dy = [Float].random(count, &rng)
        let scale = [Float].random(channels, &rng).map { $0 + 1.5 }
        let bias = [Float].random(channels, &rng)
        let mean = [Float].random(channels, &rng)
        let variance = [Float].random(channels, &rng).map { $0 + 1.2 }
        let runningMean = [Float].random(channels, &rng)
        let runningVariance = [Float].random(channels, &rng).map { $0 + 2 }
        let counts = [count, count, channels, channels, channels, channels, count, channels, channels]
        func run(_ body: ([UnsafeMutablePointer<Float>]) -> Void) -> [[Float]] {
            withOutputs(counts) { out in
                out[4].update(from: runningMean, count: channels)
                out[5].update(from: runningVariance, count: channels)
                body(out)
            }
        }
        let expected = run { out in
            BatchNorm.inferenceReference(
                batch: batch, channels: channels, spatial: spatial, input: x, scale: scale,
                bias: bias, mean: mean, variance: variance, output: out[0])
            BatchNorm.trainingForwardReference(
                batch: batch, channels: channels, spatial: spatial, input: x, scale: scale,
                bias: bias, output: out[1], batchMean: out[2], batchInvStd: out[3],
                runningMean: out[4], runningVariance: out[5])
            BatchNorm.backwardReference(
                batch: batch, channels: channels, spatial: spatial, input: x, outputGradient: dy,
                scale: scale, batchMean: out[2], batchInvStd: out[3], inputGradient: out[6],
                scaleGradient: out[7], biasGradient: out[8])
        }
        for path in KernelPath.available {
            let actual = run { out in
                BatchNorm.inference(
                    batch: batch, channels: channels, spatial: spatial, input: x, scale: scale, bias: bias,
                    mean: mean, variance: variance, output: out[0], path: path)
                BatchNorm.trainingForward(
                    batch: batch, channels: channels, spatial: spatial, input: x, scale: scale,
                    bias: bias, output: out[1], batchMean: out[2], batchInvStd: out[3],
                    runningMean: out[4], runningVariance: out[5], path: path)
                BatchNorm.backward(
                    batch: batch, channels: channels, spatial: spatial, input: x, outputGradient: dy,
                    scale: scale, batchMean: out[2], batchInvStd: out[3], inputGradient: out[6],
                    scaleGradient: out[7], biasGradient: out[8], path: path)
            }
            let names = [
                "inference", "training output", "batch mean", "batch invStd", "running mean",
                "running variance", "input gradient", "scale gradient", "bias gradient",
            ]
            for (index, name) in names.enumerated() {
                let error = relativeError(actual[index], expected[index])
                #expect(error <= relativeTolerance, "\(sizes) \(path) \(name): \(error)")
            }
            // The folded form equals the inference form.
            let folded = withOutputs([channels, channels, count]) { out in
                BatchNorm.foldedCoefficients(
                    channels: channels, scale: scale, bias: bias, mean: mean, variance: variance,
                    multiplier: out[0], offset: out[1])
                BatchNorm.affine(
                    batch: batch, channels: channels, spatial: spatial, input: x, multiplier: out[0],
                    offset: out[1], output: out[2], path: path)
            }
            #expect(relativeError(folded[2], expected[0]) <= relativeTolerance)
        }
    }

    @Test func referenceBackwardMatchesFiniteDifferences() {
        let (batch, channels, spatial) = (3, 2, 4)
        let count = batch * channels * spatial
        var rng = SplitMix64(seed: 21)
        let x = [Float].random(count, &rng)
        let dy = [Float].random(count, &rng)
        let scale = [Float].random(channels, &rng).map { $0 + 1.5 }
        let bias = [Float].random(channels, &rng)
        func loss(_ x: [Float], _ scale: [Float], _ bias: [Float]) -> Double {
            let y = withOutputs([count, channels, channels]) { out in
                BatchNorm.trainingForwardReference(
                    batch: batch, channels: channels, spatial: spatial, input: x,
                    scale: scale, bias: bias, output: out[0], batchMean: out[1],
                    batchInvStd: out[2], runningMean: nil, runningVariance: nil)
            }[0]
            return zip(y, dy).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        let grads = withOutputs([channels, channels, count, channels, channels, count]) { out in
            BatchNorm.trainingForwardReference(
                batch: batch, channels: channels, spatial: spatial, input: x, scale: scale,
                bias: bias, output: out[5], batchMean: out[0], batchInvStd: out[1],
                runningMean: nil, runningVariance: nil)
            BatchNorm.backwardReference(
                batch: batch, channels: channels, spatial: spatial, input: x, outputGradient: dy,
                scale: scale, batchMean: out[0], batchInvStd: out[1], inputGradient: out[2],
                scaleGradient: out[3], biasGradient: out[4])
        }
        let h: Float = 1e-2
        for (which, values) in [x, scale, bias].enumerated() {
            for i in values.indices {
                var plus = [x, scale, bias]
                var minus = [x, scale, bias]
                plus[which][i] += h
                minus[which][i] -= h
                let numeric = (loss(plus[0], plus[1], plus[2]) - loss(minus[0], minus[1], minus[2])) / Double(2 * h)
                #expect(abs(numeric - Double(grads[which + 2][i])) < 5e-3, "parameter \(which) index \(i)")
            }
        }
    }

    @Test func tensorLevelTrainingUpdatesRunningStatistics() throws {
        // One channel holding 1...4 over a batch of 2: mean 2.5, biased variance 1.25, unbiased 5/3.
        let x = Tensor<Float>(shape: [2, 1, 2], scalars: [1, 2, 3, 4])
        var runningMean = Tensor<Float>(shape: [1], scalars: [0])
        var runningVariance = Tensor<Float>(shape: [1], scalars: [1])
        let one = Tensor<Float>(shape: [1], scalars: [1])
        let zero = Tensor<Float>(shape: [1], scalars: [0])
        let stats = try BatchNorm.trainingForward(
            x, scale: one, bias: zero, runningMean: &runningMean,
            runningVariance: &runningVariance)
        #expect(abs(stats.mean.scalars[0] - 2.5) < 1e-6)
        #expect(abs(stats.invStd.scalars[0] - 1 / (1.25 + 1e-5).squareRoot()) < 1e-5)
        #expect(abs(runningMean.scalars[0] - 0.25) < 1e-6)
        #expect(abs(runningVariance.scalars[0] - (0.9 + 0.1 * 5 / 3)) < 1e-6)
        let grads = try BatchNorm.backward(
            input: x, outputGradient: Tensor(shape: [2, 1, 2], repeating: 1), scale: one,
            statistics: stats)
        // A constant upstream gradient gives ∂x = 0 (normalisation removes the mean), ∂β = 4, ∂γ = 0.
        #expect(grads.input.scalars.allSatisfy { abs($0) < 1e-5 })
        #expect(abs(grads.bias.scalars[0] - 4) < 1e-6 && abs(grads.scale.scalars[0]) < 1e-5)
        let inference = try BatchNorm.inference(
            x, scale: one, bias: zero, mean: stats.mean,
            variance: Tensor(shape: [1], scalars: [1.25]))
        #expect(relativeError(inference.scalars, stats.output.scalars) <= relativeTolerance)
        #expect(throws: KernelError("batchnorm: scale has shape [2], expected [1]")) {
            try BatchNorm.inference(x, scale: Tensor(shape: [2]), bias: zero, mean: zero, variance: one)
        }
    }
}
