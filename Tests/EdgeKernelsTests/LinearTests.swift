import EdgeTensor
import Testing

@testable import EdgeKernels

@Suite struct LinearTests {
    @Test(arguments: [(1, 3136, 80), (1, 80, 10), (3, 17, 7), (64, 33, 10), (5, 1, 1), (2, 7, 3)])
    func forwardAndBackwardMatchReferenceOnEveryPath(_ sizes: (Int, Int, Int)) {
        let (batch, inFeatures, outFeatures) = sizes
        var rng = SplitMix64(seed: UInt64(batch * 1000 + inFeatures * 10 + outFeatures))
        let x = [Float].random(batch * inFeatures, &rng)
        let w = [Float].random(outFeatures * inFeatures, &rng)
        let bias = [Float].random(outFeatures, &rng)
        let dy = [Float].random(batch * outFeatures, &rng)
        let priorW = [Float].random(outFeatures * inFeatures, &rng)
        let priorB = [Float].random(outFeatures, &rng)
        let counts = [
            batch * outFeatures, batch * outFeatures, batch * inFeatures, outFeatures * inFeatures, outFeatures,
        ]
        func run(_ body: ([UnsafeMutablePointer<Float>]) -> Void) -> [[Float]] {
            withOutputs(counts) { out in
                out[3].update(from: priorW, count: priorW.count)
                out[4].update(from: priorB, count: priorB.count)
                body(out)
            }
        }
        let expected = run { out in
            Linear.forwardReference(
                batch: batch, inFeatures: inFeatures, outFeatures: outFeatures, input: x, weight: w,
                bias: bias, output: out[0])
            Linear.forwardReference(
                batch: batch, inFeatures: inFeatures, outFeatures: outFeatures, input: x, weight: w,
                bias: nil, output: out[1], activation: .relu)
            Linear.backwardReference(
                batch: batch, inFeatures: inFeatures, outFeatures: outFeatures, input: x, weight: w,
                outputGradient: dy, inputGradient: out[2], weightGradient: out[3],
                biasGradient: out[4], accumulate: true)
        }
        for path in KernelPath.available {
            let actual = run { out in
                Linear.forward(
                    batch: batch, inFeatures: inFeatures, outFeatures: outFeatures, input: x, weight: w,
                    bias: bias, output: out[0], path: path)
                Linear.forward(
                    batch: batch, inFeatures: inFeatures, outFeatures: outFeatures, input: x, weight: w,
                    bias: nil, output: out[1], activation: .relu, path: path)
                Linear.backward(
                    batch: batch, inFeatures: inFeatures, outFeatures: outFeatures, input: x, weight: w,
                    outputGradient: dy, inputGradient: out[2], weightGradient: out[3], biasGradient: out[4],
                    accumulate: true, path: path)
            }
            for (index, name) in ["forward", "forward+relu", "input gradient", "weight gradient", "bias gradient"]
                .enumerated()
            {
                let error = relativeError(actual[index], expected[index])
                #expect(error <= relativeTolerance, "\(sizes) \(path) \(name): \(error)")
            }
        }
    }

    @Test func referenceBackwardMatchesFiniteDifferences() {
        let (batch, inFeatures, outFeatures) = (2, 3, 2)
        var rng = SplitMix64(seed: 5)
        let x = [Float].random(batch * inFeatures, &rng)
        let w = [Float].random(outFeatures * inFeatures, &rng)
        let bias = [Float].random(outFeatures, &rng)
        let dy = [Float].random(batch * outFeatures, &rng)
        func loss(_ x: [Float], _ w: [Float], _ b: [Float]) -> Double {
            let y = withOutputs([batch * outFeatures]) {
                Linear.forwardReference(
                    batch: batch, inFeatures: inFeatures, outFeatures: outFeatures, input: x,
                    weight: w, bias: b, output: $0[0])
            }[0]
            return zip(y, dy).reduce(0) { $0 + Double($1.0 * $1.1) }
        }
        let grads = withOutputs([x.count, w.count, bias.count]) { out in
            Linear.backwardReference(
                batch: batch, inFeatures: inFeatures, outFeatures: outFeatures, input: x, weight: w,
                outputGradient: dy, inputGradient: out[0], weightGradient: out[1], biasGradient: out[2])
        }
        let h: Float = 1e-2
        for (which, values) in [x, w, bias].enumerated() {
            for i in values.indices {
                var plus = [x, w, bias]
                var minus = [x, w, bias]
                plus[which][i] += h
                minus[which][i] -= h
                let numeric = (loss(plus[0], plus[1], plus[2]) - loss(minus[0], minus[1], minus[2])) / Double(2 * h)
                #expect(abs(numeric - Double(grads[which][i])) < 1e-3, "parameter \(which) index \(i)")
            }
        }
    }

    @Test func tensorLevel() throws {
        var rng = SplitMix64(seed: 9)
        let x = Tensor<Float>(shape: [3, 5], scalars: [Float].random(15, &rng))
        let w = Tensor<Float>(shape: [4, 5], scalars: [Float].random(20, &rng))
        let b = Tensor<Float>(shape: [4], scalars: [Float].random(4, &rng))
        let y = try Linear.forward(x, weight: w, bias: b)
        #expect(y.shape == [3, 4])
        let expected = withOutputs([12]) {
            Linear.forwardReference(
                batch: 3, inFeatures: 5, outFeatures: 4, input: x.scalars, weight: w.scalars,
                bias: b.scalars, output: $0[0])
        }[0]
        #expect(relativeError(y.scalars, expected) <= relativeTolerance)
        let single = try Linear.forward(x.sliced(1..<2).reshaped([5]), weight: w, bias: b)
        #expect(single.shape == [4])
        #expect(relativeError(single.scalars, Array(expected[4..<8])) <= relativeTolerance)
        let dy = Tensor<Float>(shape: [3, 4], scalars: [Float].random(12, &rng))
        let grads = try Linear.backward(input: x, weight: w, outputGradient: dy)
        #expect(grads.input?.shape == [3, 5] && grads.weight.shape == [4, 5] && grads.bias.shape == [4])
        #expect(throws: KernelError("linear: input has 4 features, weight [4,5] expects 5")) {
            try Linear.forward(Tensor(shape: [2, 4]), weight: w, bias: nil)
        }
        #expect(throws: KernelError("linear: output gradient has shape [3,3], expected [3,4]")) {
            try Linear.backward(input: x, weight: w, outputGradient: Tensor(shape: [3, 3]))
        }
    }
}
