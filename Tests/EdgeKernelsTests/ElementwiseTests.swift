import EdgeTensor
import Testing

@testable import EdgeKernels

@Suite struct ElementwiseTests {
    static let counts = [1, 3, 7, 8, 17, 33, 1000, 25_088]

    @Test(arguments: counts)
    func reluAndAddMatchReferenceOnEveryPath(_ count: Int) {
        var rng = SplitMix64(seed: UInt64(count))
        let x = [Float].random(count, &rng)
        let y = [Float].random(count, &rng)
        let dy = [Float].random(count, &rng)
        let expected = withOutputs([count, count, count]) { out in
            ReLU.forwardReference(count: count, input: x, output: out[0])
            ReLU.backwardReference(count: count, input: x, outputGradient: dy, inputGradient: out[1])
            Add.forwardReference(count: count, a: x, b: y, output: out[2])
        }
        for path in KernelPath.available {
            let actual = withOutputs([count, count, count]) { out in
                ReLU.forward(count: count, input: x, output: out[0], path: path)
                ReLU.backward(count: count, input: x, outputGradient: dy, inputGradient: out[1], path: path)
                Add.forward(count: count, a: x, b: y, output: out[2], path: path)
            }
            #expect(actual == expected, "\(count) \(path)")
            // In place.
            var inPlace = x
            inPlace.withUnsafeMutableBufferPointer {
                ReLU.forward(count: count, input: $0.baseAddress!, output: $0.baseAddress!, path: path)
            }
            #expect(inPlace == expected[0])
        }
    }

    @Test func tensorLevel() throws {
        let x = Tensor<Float>(shape: [2, 2], scalars: [-1, 2, 0, -3])
        #expect(ReLU.forward(x).scalars == [0, 2, 0, 0])
        #expect(
            try ReLU.backward(input: x, outputGradient: Tensor(shape: [2, 2], repeating: 5)).scalars == [0, 5, 0, 0])
        #expect(try Add.forward(x, x).scalars == [-2, 4, 0, -6])
        #expect(throws: KernelError("broadcast: shapes [2,2] and [4] do not broadcast")) {
            try Add.forward(x, Tensor(shape: [4]))
        }
        let flat = try Flatten.forward(Tensor<Float>(shape: [2, 3, 4, 5]))
        #expect(flat.shape == [2, 60])
        #expect(try Flatten.backward(flat, inputShape: [2, 3, 4, 5]).shape == [2, 3, 4, 5])
        #expect(try Flatten.outputShape([7], axis: 0) == [1, 7])
        #expect(throws: KernelError.self) { try Flatten.forward(x, axis: 3) }
    }
}
