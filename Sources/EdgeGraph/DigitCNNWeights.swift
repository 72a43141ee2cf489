import EdgeTensor

/// The weights of DigitCNN under their PyTorch `state_dict` names (`conv1.weight`, …,
/// `bn1.running_var`, …, `fc2.bias`), plus the two BatchNorm `num_batches_tracked` counters.
///
/// Invariant: every name in `DigitCNNWeights.specification` is present with exactly its
/// shape. The initialiser and the subscript setter enforce it.
public struct DigitCNNWeights: Sendable, Equatable {
    /// The float tensors of a DigitCNN `state_dict`, in PyTorch's order, with their shapes.
    public static let specification: [(name: String, shape: Shape)] = [
        ("conv1.weight", [32, 1, 3, 3]), ("conv1.bias", [32]),
        ("bn1.weight", [32]), ("bn1.bias", [32]), ("bn1.running_mean", [32]), ("bn1.running_var", [32]),
        ("conv2.weight", [64, 32, 3, 3]), ("conv2.bias", [64]),
        ("bn2.weight", [64]), ("bn2.bias", [64]), ("bn2.running_mean", [64]), ("bn2.running_var", [64]),
        ("fc1.weight", [80, 3136]), ("fc1.bias", [80]),
        ("fc2.weight", [10, 80]), ("fc2.bias", [10]),
    ]

    /// The int64 scalar counters a PyTorch `state_dict` also holds, one per BatchNorm layer.
    public static let counterNames = ["bn1.num_batches_tracked", "bn2.num_batches_tracked"]

    /// Every `state_dict` key, tensors then counters.
    public static var stateDictKeys: [String] { specification.map(\.name) + counterNames }

    private var tensors: [String: Tensor<Float>]
    /// Training steps each BatchNorm layer has seen, by counter name (PyTorch's
    /// `num_batches_tracked`); only carried through files, inference ignores it.
    public var numBatchesTracked: [String: Int64]

    /// Weights from named tensors.
    /// - Parameter numBatchesTracked: missing counters default to 0, as PyTorch's
    ///   `load_state_dict` does.
    /// - Throws: `DigitCNNWeightsError` naming the first missing, unexpected or mis-shaped key.
    public init(tensors: [String: Tensor<Float>], numBatchesTracked: [String: Int64] = [:]) throws(DigitCNNWeightsError)
    {
        for (name, shape) in Self.specification {
            guard let tensor = tensors[name] else { throw .missing(name) }
            guard tensor.shape == shape else { throw .shape(name, expected: shape, actual: tensor.shape) }
        }
        if let extra = tensors.keys.sorted().first(where: { name in !Self.specification.contains { $0.name == name } })
        {
            throw .unexpected(extra)
        }
        if let extra = numBatchesTracked.keys.sorted().first(where: { !Self.counterNames.contains($0) }) {
            throw .unexpected(extra)
        }
        self.tensors = tensors
        self.numBatchesTracked = Dictionary(
            uniqueKeysWithValues: Self.counterNames.map { ($0, numBatchesTracked[$0] ?? 0) })
    }

    /// The tensor named `name`.
    /// - Precondition: `name` is in `specification`; a new value keeps the shape.
    public subscript(name: String) -> Tensor<Float> {
        get {
            guard let tensor = tensors[name] else { preconditionFailure("DigitCNN has no weight '\(name)'") }
            return tensor
        }
        set {
            precondition(
                tensors[name]?.shape == newValue.shape,
                "weight '\(name)' must keep shape \(tensors[name]?.shape.description ?? "?")")
            tensors[name] = newValue
        }
    }

    /// Weights initialised as PyTorch initialises a fresh DigitCNN, from a seeded generator:
    /// conv and linear weights and biases uniform in ±1/√fan_in (PyTorch's
    /// `kaiming_uniform_(a=√5)` default), BatchNorm scale 1, shift 0, mean 0, variance 1.
    public init(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        var tensors: [String: Tensor<Float>] = [:]
        for (name, shape) in Self.specification {
            let layer = String(name.prefix { $0 != "." })
            let field = name.dropFirst(layer.count + 1)
            if layer.hasPrefix("bn") {
                let value: Float = field == "weight" || field == "running_var" ? 1 : 0
                tensors[name] = Tensor(shape: shape, repeating: value)
            } else {
                let weightShape = Self.specification.first { $0.name == "\(layer).weight" }!.shape
                let fanIn = weightShape.elementCount / weightShape[0]
                let bound = 1 / Float(fanIn).squareRoot()
                tensors[name] = Tensor(
                    shape: shape,
                    scalars: (0..<shape.elementCount).map { _ in
                        generator.nextFloat(in: -bound..<bound)
                    })
            }
        }
        self.tensors = tensors
        self.numBatchesTracked = Dictionary(uniqueKeysWithValues: Self.counterNames.map { ($0, 0) })
    }

    /// The DigitCNN weights held as initializers of `graph` (as built by `DigitCNN.graph`).
    /// - Throws: `DigitCNNWeightsError` when one is missing, not float, or mis-shaped.
    public init(graph: Graph, numBatchesTracked: [String: Int64] = [:]) throws(DigitCNNWeightsError) {
        var tensors: [String: Tensor<Float>] = [:]
        for (name, _) in Self.specification {
            guard let data = graph.initializers[name] else { throw .missing(name) }
            guard let tensor = data.floatTensor else { throw .elementType(name, actual: data.elementType) }
            tensors[name] = tensor
        }
        try self.init(tensors: tensors, numBatchesTracked: numBatchesTracked)
    }
}
