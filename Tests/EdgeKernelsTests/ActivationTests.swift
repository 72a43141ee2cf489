import EdgeTensor
import Testing

@testable import EdgeKernels

@Suite struct ActivationTests {
    @Test func clipHandComputed() {
        let x = Tensor<Float>(shape: [6], scalars: [-3, -1, 0, 0.5, 2, 7])
        #expect(Clip.forward(x, lower: -1, upper: 1).scalars == [-1, -1, 0, 0.5, 1, 1])
        #expect(Clip.forward(x, lower: 0, upper: 6).scalars == [0, 0, 0, 0.5, 2, 6])  // ReLU6
        #expect(Clip.forward(x, upper: 0).scalars == [-3, -1, 0, 0, 0, 0])
        #expect(Clip.forward(x).scalars == x.scalars)
        // min > max: every element becomes max (ONNX, numpy.clip).
        #expect(Clip.forward(x, lower: 2, upper: 1).scalars == [1, 1, 1, 1, 1, 1])
        #expect(Clip.forward(Tensor(shape: [1], scalars: [.nan]), lower: 0, upper: 1).scalars[0].isNaN)
    }

    @Test func leakyReluHandComputed() {
        let x = Tensor<Float>(shape: [2, 2], scalars: [-2, -0.5, 0, 3])
        #expect(LeakyReLU.forward(x).scalars == [-0.02, -0.005, 0, 3])
        #expect(LeakyReLU.forward(x, alpha: 0.5).scalars == [-1, -0.25, 0, 3])
    }

    @Test func sigmoidHandComputed() {
        let x = Tensor<Float>(shape: [5], scalars: [0, 1, -1, 100, -100])
        let y = Sigmoid.forward(x).scalars
        let expected: [Float] = [0.5, 0.7310586, 0.26894143, 1, Float(3.7200760e-44 as Double)]
        for (got, want) in zip(y, expected) { #expect(abs(got - want) <= 1e-7 + 1e-6 * abs(want), "\(got) vs \(want)") }
        #expect(y.allSatisfy { $0.isFinite })
    }

    @Test("pointer levels equal their references, also in place", arguments: [1, 7, 33, 1000])
    func matchReference(_ count: Int) {
        var rng = SplitMix64(seed: UInt64(count))
        let x = [Float].random(count, &rng).map { $0 * 20 }
        let expected = withOutputs([count, count, count]) { out in
            Clip.forwardReference(count: count, input: x, output: out[0], lower: -3, upper: 5)
            LeakyReLU.forwardReference(count: count, input: x, output: out[1], alpha: 0.1)
            Sigmoid.forwardReference(count: count, input: x, output: out[2])
        }
        let actual = withOutputs([count, count, count]) { out in
            Clip.forward(count: count, input: x, output: out[0], lower: -3, upper: 5)
            LeakyReLU.forward(count: count, input: x, output: out[1], alpha: 0.1)
            Sigmoid.forward(count: count, input: x, output: out[2])
        }
        #expect(actual[0] == expected[0] && actual[1] == expected[1])
        #expect(relativeError(actual[2], expected[2]) <= 1e-6)
        var inPlace = x
        inPlace.withUnsafeMutableBufferPointer {
            Clip.forward(count: count, input: $0.baseAddress!, output: $0.baseAddress!, lower: -3, upper: 5)
        }
        #expect(inPlace == expected[0])
    }
}
