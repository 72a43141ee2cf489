import EdgeTensor
import Testing

@testable import EdgeKernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct SoftmaxTests {
    @Test(arguments: [(1, 10), (64, 10), (3, 1), (5, 17)])
    func softmaxAndCrossEntropyMatchReferenceOnEveryPath(_ sizes: (Int, Int)) {
        let (rows, columns) = sizes
        var rng = SplitMix64(seed: UInt64(rows * 100 + columns))
        let x = [Float].random(rows * columns, &rng).map { $0 * 20 }  // large logits: stability matters
        let labels = (0..<rows).map { _ in Int32.random(in: 0..<Int32(columns), using: &rng) }
        var expectedLoss: Float = 0
        let expected = withOutputs([rows * columns, rows * columns]) { out in
            Softmax.forwardReference(rows: rows, columns: columns, input: x, output: out[0])
            expectedLoss = CrossEntropy.forwardReference(
                batch: rows, classes: columns, logits: x, labels: labels,
                logitGradient: out[1])
        }
        for path in KernelPath.available {
            var loss: Float = 0
            let actual = withOutputs([rows * columns, rows * columns, rows * columns]) { out in
                Softmax.forward(rows: rows, columns: columns, input: x, output: out[0], path: path)
                loss = CrossEntropy.forward(
                    batch: rows, classes: columns, logits: x, labels: labels,
                    logitGradient: out[1], path: path)
                Softmax.logForward(rows: rows, columns: columns, input: x, output: out[2], path: path)
            }
            #expect(relativeError(actual[0], expected[0]) <= relativeTolerance)
            #expect(relativeError(actual[1], expected[1]) <= relativeTolerance)
            #expect(abs(loss - expectedLoss) <= relativeTolerance * max(1, abs(expectedLoss)))
            let logOfSoftmax = expected[0].map { Float(log(Double($0))) }
            for (a, b) in zip(actual[2], logOfSoftmax) where b > -30 { #expect(abs(a - b) < 1e-3) }
        }
    }

    @Test func gradientsMatchFiniteDifferences() {
        let (rows, columns) = (2, 4)
        var rng = SplitMix64(seed: 17)
        let x = [Float].random(rows * columns, &rng)
        let dy = [Float].random(rows * columns, &rng)
        let labels: [Int32] = [3, 0]
        func weighted(_ forward: (UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void, _ x: [Float]) -> Double {
            let y = withOutputs([x.count]) { forward(x, $0[0]) }[0]
            return zip(y, dy).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        let grads = withOutputs([x.count, x.count, x.count, x.count, x.count]) { out in
            _ = CrossEntropy.forward(batch: rows, classes: columns, logits: x, labels: labels, logitGradient: out[0])
            Softmax.forward(rows: rows, columns: columns, input: x, output: out[1])
            Softmax.backward(
                rows: rows, columns: columns, probabilities: out[1], outputGradient: dy, inputGradient: out[2])
            Softmax.logForward(rows: rows, columns: columns, input: x, output: out[3])
            Softmax.logBackward(
                rows: rows, columns: columns, logProbabilities: out[3], outputGradient: dy,
                inputGradient: out[4])
        }
        let h: Float = 1e-2
        for i in x.indices {
            var plus = x
            var minus = x
            plus[i] += h
            minus[i] -= h
            let lossPlus = CrossEntropy.forward(
                batch: rows, classes: columns, logits: plus, labels: labels, logitGradient: nil)
            let lossMinus = CrossEntropy.forward(
                batch: rows, classes: columns, logits: minus, labels: labels, logitGradient: nil)
            #expect(abs(Double(lossPlus - lossMinus) / Double(2 * h) - Double(grads[0][i])) < 1e-3)
            let softmax = { (x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) in
                Softmax.forward(rows: rows, columns: columns, input: x, output: y)
            }
            let logSoftmax = { (x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) in
                Softmax.logForward(rows: rows, columns: columns, input: x, output: y)
            }
            #expect(
                abs((weighted(softmax, plus) - weighted(softmax, minus)) / Double(2 * h) - Double(grads[2][i])) < 1e-3)
            #expect(
                abs((weighted(logSoftmax, plus) - weighted(logSoftmax, minus)) / Double(2 * h) - Double(grads[4][i]))
                    < 1e-3)
        }
    }

    @Test func tensorLevel() throws {
        let logits = Tensor<Float>(shape: [2, 3], scalars: [1, 2, 3, 0, 0, 0])
        let (loss, gradient) = try CrossEntropy.lossAndGradient(logits: logits, labels: [2, 1])
        let expectedLoss = (log(exp(1.0) + exp(2.0) + exp(3.0)) - 3 + log(3.0)) / 2
        #expect(abs(Double(loss) - expectedLoss) < 1e-5)
        #expect(abs(Double(try CrossEntropy.loss(logits: logits, labels: [2, 1])) - expectedLoss) < 1e-5)
        #expect(abs(gradient.scalars.reduce(0, +)) < 1e-6)
        let probabilities = try Softmax.forward(logits)
        #expect(abs(probabilities.scalars[3] - 1 / 3) < 1e-6)
        #expect(try Softmax.logForward(logits).shape == [2, 3])
        #expect(throws: KernelError("crossentropy: label 3 outside 0..<3")) {
            try CrossEntropy.loss(logits: logits, labels: [3, 0])
        }
        #expect(throws: KernelError("crossentropy: 1 labels for logits [2,3]")) {
            try CrossEntropy.loss(logits: logits, labels: [0])
        }
    }
}
