import EdgeGraph
import EdgeKernels
import EdgeTensor
import Testing

@testable import EdgeTraining

/// Every layer's backward against central finite differences of `L = Σ forward(x) · r`.
@Suite struct GradientCheckTests {
    static func random(_ shape: Shape, _ generator: inout SplitMix64, avoidingZero: Bool = false) -> Tensor<Float> {
        Tensor(
            shape: shape,
            scalars: (0..<shape.elementCount).map { _ in
                var value = generator.nextFloat(in: -1..<1)
                // Keep ReLU inputs away from the kink, where the derivative is undefined.
                if avoidingZero && abs(value) < 0.1 { value += value < 0 ? -0.1 : 0.1 }
                return value
            })
    }

    static func weightedSum(_ y: Tensor<Float>, _ r: Tensor<Float>) -> Double {
        zip(y.scalars, r.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    /// Compares analytic and numeric gradients of the input and of every parameter.
    static func check(
        _ layer: any Layer, input: Tensor<Float>, epsilon: Float = 1e-2, tolerance: Double = 2e-2,
        samples: Int = 24, seed: UInt64 = 7
    ) throws {
        var generator = SplitMix64(seed: seed)
        let output = try layer.forward(input, training: true)
        let r = random(output.shape, &generator)
        let inputGradient = try layer.backward(r)
        let parameterGradients = layer.parameters.map(\.gradient)

        func loss(_ x: Tensor<Float>) throws -> Double { weightedSum(try layer.forward(x, training: true), r) }
        func compare(_ analytic: Float, _ numeric: Double, _ what: String) {
            let scale = max(1, abs(numeric), Double(abs(analytic)))
            #expect(
                abs(Double(analytic) - numeric) / scale < tolerance,
                "\(layer.name) \(what): analytic \(analytic) vs numeric \(numeric)")
        }

        if layer.parameters.isEmpty || !(layer is ConvolutionLayer && !(layer as! ConvolutionLayer).needsInputGradient)
        {
            for _ in 0..<samples {
                let i = Int(generator.next() % UInt64(input.count))
                var plus = input.contiguous()
                var minus = input.contiguous()
                plus.withUnsafeMutableBufferPointer { $0[i] += epsilon }
                minus.withUnsafeMutableBufferPointer { $0[i] -= epsilon }
                let numeric = (try loss(plus) - loss(minus)) / Double(2 * epsilon)
                compare(inputGradient.scalars[i], numeric, "∂input[\(i)]")
            }
        }
        for (parameter, analytic) in zip(layer.parameters, parameterGradients) {
            for _ in 0..<samples {
                let i = Int(generator.next() % UInt64(parameter.value.count))
                let original = parameter.value
                parameter.value.withUnsafeMutableBufferPointer { $0[i] += epsilon }
                let up = try loss(input)
                parameter.value = original
                parameter.value.withUnsafeMutableBufferPointer { $0[i] -= epsilon }
                let down = try loss(input)
                parameter.value = original
                compare(analytic.scalars[i], (up - down) / Double(2 * epsilon), "∂\(parameter.name)[\(i)]")
            }
        }
    }

    @Test func convolution() throws {
        var g = SplitMix64(seed: 1)
        let layer = ConvolutionLayer(
            name: "conv", weight: Self.random([4, 3, 3, 3], &g), bias: Self.random([4], &g),
            convolution: Conv2DParameters(stride: 1, padding: 1))
        try Self.check(layer, input: Self.random([2, 3, 6, 5], &g))
    }

    @Test func stridedConvolutionWithoutPadding() throws {
        var g = SplitMix64(seed: 2)
        let layer = ConvolutionLayer(
            name: "conv", weight: Self.random([3, 2, 3, 3], &g), bias: Self.random([3], &g),
            convolution: Conv2DParameters(stride: 2, padding: 0))
        try Self.check(layer, input: Self.random([2, 2, 7, 7], &g))
    }

    @Test func batchNormTrainingMode() throws {
        var g = SplitMix64(seed: 3)
        let layer = BatchNormLayer(
            name: "bn", scale: Self.random([3], &g), shift: Self.random([3], &g),
            runningMean: Tensor(shape: [3]), runningVariance: Tensor(shape: [3], repeating: 1))
        // BatchNorm is nonlinear in its input: a smaller step keeps the difference quotient accurate.
        try Self.check(layer, input: Self.random([4, 3, 3, 3], &g), epsilon: 3e-3, tolerance: 3e-2)
    }

    @Test func relu() throws {
        var g = SplitMix64(seed: 4)
        try Self.check(ReLULayer(), input: Self.random([2, 3, 4, 4], &g, avoidingZero: true), epsilon: 1e-2)
    }

    @Test func maxPool() throws {
        var g = SplitMix64(seed: 5)
        // Distinct values 0.05 apart: a ±1e-2 step never changes a window's winner.
        var values = (0..<(2 * 3 * 6 * 6)).map { Float($0) * 0.05 }
        for i in stride(from: values.count - 1, to: 0, by: -1) { values.swapAt(i, Int(g.next() % UInt64(i + 1))) }
        try Self.check(
            MaxPoolLayer(pooling: Pool2DParameters(kernel: 2)), input: Tensor(shape: [2, 3, 6, 6], scalars: values))
    }

    @Test func flatten() throws {
        var g = SplitMix64(seed: 6)
        try Self.check(FlattenLayer(), input: Self.random([2, 3, 2, 2], &g))
    }

    @Test func linear() throws {
        var g = SplitMix64(seed: 7)
        let layer = LinearLayer(name: "fc", weight: Self.random([5, 12], &g), bias: Self.random([5], &g))
        try Self.check(layer, input: Self.random([3, 12], &g))
    }

    @Test func crossEntropyGradient() throws {
        var g = SplitMix64(seed: 8)
        let logits = Self.random([4, 10], &g)
        let labels: [Int32] = [3, 0, 9, 3]
        let (_, gradient) = try CrossEntropy.lossAndGradient(logits: logits, labels: labels)
        let epsilon: Float = 1e-2
        for i in stride(from: 0, to: logits.count, by: 3) {
            var plus = logits
            var minus = logits
            plus.withUnsafeMutableBufferPointer { $0[i] += epsilon }
            minus.withUnsafeMutableBufferPointer { $0[i] -= epsilon }
            let numeric =
                (try CrossEntropy.loss(logits: plus, labels: labels) - CrossEntropy.loss(logits: minus, labels: labels))
                / (2 * epsilon)
            #expect(abs(gradient.scalars[i] - numeric) < 2e-3, "∂logit[\(i)]: \(gradient.scalars[i]) vs \(numeric)")
        }
    }
}
