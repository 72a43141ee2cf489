import EdgeKernels
import EdgeTensor

/// 2-D convolution with bias (`Conv2d`), backward on the kernels' conv gradients.
public final class ConvolutionLayer: Layer {
    public let name: String
    public let weight: Parameter
    public let bias: Parameter
    public let convolution: Conv2DParameters
    /// Skip ∂input for a first layer, whose input gradient nobody needs.
    public let needsInputGradient: Bool
    private var input: Tensor<Float>?

    public init(
        name: String, weight: Tensor<Float>, bias: Tensor<Float>, convolution: Conv2DParameters,
        needsInputGradient: Bool = true
    ) {
        self.name = name
        self.weight = Parameter(name: "\(name).weight", value: weight, decays: true)
        self.bias = Parameter(name: "\(name).bias", value: bias, decays: false)
        self.convolution = convolution
        self.needsInputGradient = needsInputGradient
    }

    public var parameters: [Parameter] { [weight, bias] }

    public func forward(_ input: Tensor<Float>, training: Bool) throws -> Tensor<Float> {
        self.input = training ? input : nil
        return try Conv2D.forward(input, weight: weight.value, bias: bias.value, parameters: convolution)
    }

    public func backward(_ outputGradient: Tensor<Float>) throws -> Tensor<Float> {
        let input = try cached(input)
        let gradients = try Conv2D.backward(
            input: input, weight: weight.value, outputGradient: outputGradient,
            parameters: convolution, computeInputGradient: needsInputGradient)
        weight.gradient = gradients.weight
        bias.gradient = gradients.bias
        return gradients.input ?? Tensor(shape: input.shape)
    }
}

/// BatchNorm over the channels of an NCHW tensor (`BatchNorm2d`): batch statistics and a
/// running-statistics update (momentum, unbiased variance, as PyTorch) when training, running
/// statistics otherwise.
public final class BatchNormLayer: Layer {
    public let name: String
    public let scale: Parameter
    public let shift: Parameter
    public var runningMean: Tensor<Float>
    public var runningVariance: Tensor<Float>
    /// Training steps seen (PyTorch's `num_batches_tracked`).
    public var batchesTracked: Int64
    public let momentum: Float
    public let epsilon: Float
    private var input: Tensor<Float>?
    private var statistics: BatchNormStatistics?

    public init(
        name: String, scale: Tensor<Float>, shift: Tensor<Float>, runningMean: Tensor<Float>,
        runningVariance: Tensor<Float>, batchesTracked: Int64 = 0, momentum: Float = 0.1,
        epsilon: Float = 1e-5
    ) {
        self.name = name
        self.scale = Parameter(name: "\(name).weight", value: scale, decays: false)
        self.shift = Parameter(name: "\(name).bias", value: shift, decays: false)
        self.runningMean = runningMean
        self.runningVariance = runningVariance
        self.batchesTracked = batchesTracked
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public var parameters: [Parameter] { [scale, shift] }

    public func forward(_ input: Tensor<Float>, training: Bool) throws -> Tensor<Float> {
        guard training else {
            self.input = nil
            return try BatchNorm.inference(
                input, scale: scale.value, bias: shift.value, mean: runningMean,
                variance: runningVariance, epsilon: epsilon)
        }
        let statistics = try BatchNorm.trainingForward(
            input, scale: scale.value, bias: shift.value, runningMean: &runningMean,
            runningVariance: &runningVariance, momentum: momentum, epsilon: epsilon)
        batchesTracked += 1
        self.input = input
        self.statistics = statistics
        return statistics.output
    }

    public func backward(_ outputGradient: Tensor<Float>) throws -> Tensor<Float> {
        let input = try cached(input)
        guard let statistics else { throw TrainingError("\(name): backward called before forward") }
        let gradients = try BatchNorm.backward(
            input: input, outputGradient: outputGradient, scale: scale.value,
            statistics: statistics)
        scale.gradient = gradients.scale
        shift.gradient = gradients.bias
        return gradients.input
    }
}

/// `max(x, 0)`.
public final class ReLULayer: Layer {
    public let name: String
    private var input: Tensor<Float>?

    public init(name: String = "relu") { self.name = name }
    public var parameters: [Parameter] { [] }

    public func forward(_ input: Tensor<Float>, training: Bool) throws -> Tensor<Float> {
        self.input = training ? input : nil
        return ReLU.forward(input)
    }

    public func backward(_ outputGradient: Tensor<Float>) throws -> Tensor<Float> {
        try ReLU.backward(input: cached(input), outputGradient: outputGradient)
    }
}

/// Max pooling; remembers the argmax so backward routes each gradient to its winner.
public final class MaxPoolLayer: Layer {
    public let name: String
    public let pooling: Pool2DParameters
    private var inputShape: Shape?
    private var argmax: Tensor<Int32>?

    public init(name: String = "maxpool", pooling: Pool2DParameters) {
        self.name = name
        self.pooling = pooling
    }

    public var parameters: [Parameter] { [] }

    public func forward(_ input: Tensor<Float>, training: Bool) throws -> Tensor<Float> {
        let (output, argmax) = try MaxPool2D.forward(input, parameters: pooling)
        inputShape = input.shape
        self.argmax = training ? argmax : nil
        return output
    }

    public func backward(_ outputGradient: Tensor<Float>) throws -> Tensor<Float> {
        guard let argmax, let inputShape else { throw TrainingError("\(name): backward called before forward") }
        return try MaxPool2D.backward(
            outputGradient: outputGradient, argmax: argmax, inputShape: inputShape,
            parameters: pooling)
    }
}

/// `torch.flatten(x, 1)`: NCHW → `[N, C·H·W]`, channel-major, as `fc1.weight` expects.
public final class FlattenLayer: Layer {
    public let name: String
    private var inputShape: Shape?

    public init(name: String = "flatten") { self.name = name }
    public var parameters: [Parameter] { [] }

    public func forward(_ input: Tensor<Float>, training: Bool) throws -> Tensor<Float> {
        inputShape = input.shape
        return try Flatten.forward(input)
    }

    public func backward(_ outputGradient: Tensor<Float>) throws -> Tensor<Float> {
        guard let inputShape else { throw TrainingError("\(name): backward called before forward") }
        return try Flatten.backward(outputGradient, inputShape: inputShape)
    }
}

/// Fully connected layer (`Linear`): `x · Wᵀ + b` with `W` of shape `[out, in]`.
public final class LinearLayer: Layer {
    public let name: String
    public let weight: Parameter
    public let bias: Parameter
    private var input: Tensor<Float>?

    public init(name: String, weight: Tensor<Float>, bias: Tensor<Float>) {
        self.name = name
        self.weight = Parameter(name: "\(name).weight", value: weight, decays: true)
        self.bias = Parameter(name: "\(name).bias", value: bias, decays: false)
    }

    public var parameters: [Parameter] { [weight, bias] }

    public func forward(_ input: Tensor<Float>, training: Bool) throws -> Tensor<Float> {
        self.input = training ? input : nil
        return try Linear.forward(input, weight: weight.value, bias: bias.value)
    }

    public func backward(_ outputGradient: Tensor<Float>) throws -> Tensor<Float> {
        let input = try cached(input)
        let gradients = try Linear.backward(input: input, weight: weight.value, outputGradient: outputGradient)
        weight.gradient = gradients.weight
        bias.gradient = gradients.bias
        return gradients.input ?? Tensor(shape: input.shape)
    }
}
