import EdgeGraph
import EdgeKernels
import EdgeTensor

/// DigitCNN as a trainable sequence of layers (architecture in DESIGN.md), convertible to and
/// from `DigitCNNWeights` under PyTorch `state_dict` names.
public final class DigitCNNNetwork {
    public let layers: [any Layer]
    let batchNorms: [BatchNormLayer]

    /// The network holding `weights` (running statistics and batch counters included).
    public init(weights: DigitCNNWeights) {
        let same = Conv2DParameters(stride: 1, padding: 1)
        let pool = Pool2DParameters(kernel: 2)
        func batchNorm(_ name: String) -> BatchNormLayer {
            BatchNormLayer(
                name: name, scale: weights["\(name).weight"], shift: weights["\(name).bias"],
                runningMean: weights["\(name).running_mean"], runningVariance: weights["\(name).running_var"],
                batchesTracked: weights.numBatchesTracked["\(name).num_batches_tracked"] ?? 0,
                momentum: 0.1, epsilon: DigitCNN.batchNormEpsilon)
        }
        let bn1 = batchNorm("bn1")
        let bn2 = batchNorm("bn2")
        batchNorms = [bn1, bn2]
        layers = [
            ConvolutionLayer(
                name: "conv1", weight: weights["conv1.weight"], bias: weights["conv1.bias"],
                convolution: same, needsInputGradient: false),
            bn1, ReLULayer(), MaxPoolLayer(pooling: pool),
            ConvolutionLayer(
                name: "conv2", weight: weights["conv2.weight"], bias: weights["conv2.bias"],
                convolution: same),
            bn2, ReLULayer(), MaxPoolLayer(pooling: pool),
            FlattenLayer(),
            LinearLayer(name: "fc1", weight: weights["fc1.weight"], bias: weights["fc1.bias"]),
            ReLULayer(),
            LinearLayer(name: "fc2", weight: weights["fc2.weight"], bias: weights["fc2.bias"]),
        ]
    }

    /// Every trainable parameter, in layer order.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Logits `[N, 10]` for an input `[N, 1, 28, 28]`.
    public func forward(_ input: Tensor<Float>, training: Bool) throws -> Tensor<Float> {
        var activation = input
        for layer in layers { activation = try layer.forward(activation, training: training) }
        return activation
    }

    /// Back-propagates ∂loss/∂logits through every layer, filling the parameters' gradients.
    public func backward(_ logitGradient: Tensor<Float>) throws {
        var gradient = logitGradient
        for layer in layers.reversed() { gradient = try layer.backward(gradient) }
    }

    /// The current weights as a `state_dict`.
    public var weights: DigitCNNWeights {
        var tensors: [String: Tensor<Float>] = [:]
        for parameter in parameters { tensors[parameter.name] = parameter.value }
        var counters: [String: Int64] = [:]
        for bn in batchNorms {
            tensors["\(bn.name).running_mean"] = bn.runningMean
            tensors["\(bn.name).running_var"] = bn.runningVariance
            counters["\(bn.name).num_batches_tracked"] = bn.batchesTracked
        }
        // The names and shapes come from a valid DigitCNNWeights, so this cannot fail.
        do { return try DigitCNNWeights(tensors: tensors, numBatchesTracked: counters) } catch {
            preconditionFailure("DigitCNNNetwork lost a weight: \(error)")
        }
    }
}
