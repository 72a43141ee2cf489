import EdgeTensor
import Testing

@testable import EdgeKernels

@Suite struct HardActivationTests {
    @Test func hardSigmoidHandComputed() {
        let x = Tensor<Float>(shape: [6], scalars: [-5, -2.5, 0, 1, 2.5, 4])
        // ONNX defaults alpha 0.2, beta 0.5: 0 below −2.5, 1 above 2.5.
        #expect(HardSigmoid.forward(x).scalars == [0, 0, 0.5, 0.7, 1, 1])
        // PyTorch's hardsigmoid: alpha 1/6, beta 0.5.
        let torch = HardSigmoid.forward(x, alpha: 1.0 / 6, beta: 0.5).scalars
        for (got, want) in zip(torch, [0, 0.0833333, 0.5, 0.6666667, 0.9166667, 1] as [Float]) {
            #expect(abs(got - want) <= 1e-6, "\(got) vs \(want)")
        }
        #expect(HardSigmoid.forward(Tensor(shape: [1], scalars: [.nan])).scalars[0].isNaN)
    }

    @Test func hardSwishHandComputed() {
        let x = Tensor<Float>(shape: [6], scalars: [-4, -3, -1, 0, 1.5, 3])
        let y = HardSwish.forward(x).scalars
        // x·relu6(x+3)/6: 0, 0, −1/3, 0, 1.5·0.75, 3.
        for (got, want) in zip(y, [0, 0, -0.33333334, 0, 1.125, 3] as [Float]) {
            #expect(abs(got - want) <= 1e-6, "\(got) vs \(want)")
        }
    }

    @Test("pointer levels equal their references, also in place", arguments: [1, 7, 33, 1000])
    func matchReference(_ count: Int) {
        var rng = SplitMix64(seed: UInt64(count) + 17)
        let x = [Float].random(count, &rng).map { $0 * 8 }
        let expected = withOutputs([count, count]) { out in
            HardSigmoid.forwardReference(count: count, input: x, output: out[0], alpha: 0.3, beta: 0.4)
            HardSwish.forwardReference(count: count, input: x, output: out[1])
        }
        let actual = withOutputs([count, count]) { out in
            HardSigmoid.forward(count: count, input: x, output: out[0], alpha: 0.3, beta: 0.4)
            HardSwish.forward(count: count, input: x, output: out[1])
        }
        #expect(relativeError(actual[0], expected[0]) <= 1e-6)
        #expect(relativeError(actual[1], expected[1]) <= 1e-6)
        var inPlace = x
        inPlace.withUnsafeMutableBufferPointer {
            HardSwish.forward(count: count, input: $0.baseAddress!, output: $0.baseAddress!)
        }
        #expect(inPlace == actual[1])
    }
}

@Suite struct PadTests {
    @Test func constantHandComputed() throws {
        let x = Tensor<Float>(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
        let geometry = try PadGeometry(input: x.shape, begins: [0, 0, 1, 0], ends: [0, 0, 0, 1])
        #expect(geometry.outputShape == [1, 1, 3, 3])
        #expect(try Pad.forward(x, geometry, value: 9).scalars == [9, 9, 9, 1, 2, 9, 3, 4, 9])
    }

    @Test func modesHandComputed() throws {
        let x = Tensor<Float>(shape: [4], scalars: [1, 2, 3, 4])
        func padded(_ mode: PadMode, _ b: Int, _ e: Int) throws -> [Float] {
            try Pad.forward(x, try PadGeometry(input: x.shape, begins: [b], ends: [e], mode: mode)).scalars
        }
        #expect(try padded(.reflect, 2, 3) == [3, 2, 1, 2, 3, 4, 3, 2, 1])
        #expect(try padded(.edge, 2, 1) == [1, 1, 1, 2, 3, 4, 4])
        #expect(try padded(.wrap, 3, 2) == [2, 3, 4, 1, 2, 3, 4, 1, 2])
        #expect(try padded(.constant, -1, 2) == [2, 3, 4, 0, 0])  // negative pads crop
        let refused = (try? PadGeometry(input: x.shape, begins: [4], ends: [0], mode: .reflect)) == nil
        #expect(refused)
        let empty = (try? PadGeometry(input: x.shape, begins: [-2], ends: [-2])) == nil
        #expect(empty)
    }

    @Test("pointer level equals the reference", arguments: PadMode.allCases)
    func matchReference(_ mode: PadMode) throws {
        var rng = SplitMix64(seed: 5)
        let shape: Shape = [2, 3, 5, 4]
        let x = [Float].random(shape.elementCount, &rng)
        let pads: [(begins: [Int], ends: [Int])] = [
            ([0, 0, 1, 2], [0, 0, 2, 1]), ([1, 0, 0, 3], [0, 1, 4, 0]), ([0, -1, 2, -1], [0, 0, -1, 3]),
        ]
        for (begins, ends) in pads {
            guard let geometry = try? PadGeometry(input: shape, begins: begins, ends: ends, mode: mode) else {
                #expect(mode == .reflect, "\(mode) \(begins) \(ends)")
                continue
            }
            let out = withOutputs([geometry.count, geometry.count]) { out in
                Pad.forwardReference(geometry, input: x, output: out[0], value: 0.5)
                Pad.forward(geometry, input: x, output: out[1], value: 0.5)
            }
            #expect(out[0] == out[1], "\(mode) \(begins) \(ends)")
        }
    }
}
