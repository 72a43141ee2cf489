import EdgeTensor

/// A computation graph: typed inputs, constant initializers, nodes in topological order, and
/// the outputs the caller wants.
///
/// The graph is a plain value; it does no I/O and runs nothing. Engines in `EdgeRuntime`
/// interpret or compile it; `EdgeModelIO` reads and writes it. `validate()` / `inferTypes()`
/// check it once before use.
public struct Graph: Sendable, Equatable {
    /// Model name, for reports.
    public var name: String
    /// Values the caller supplies, with their static types (batch dimension included).
    public var inputs: [ValueInfo]
    /// Names of the values the caller receives; their types come from `inferTypes()`.
    public var outputs: [String]
    /// Operations in topological order.
    public var nodes: [Node]
    /// Constant tensors by name.
    public private(set) var initializers: [String: TensorData]
    /// Initializer names in insertion order (stable iteration for reports and writers).
    public private(set) var initializerNames: [String]

    public init(
        name: String, inputs: [ValueInfo], outputs: [String], nodes: [Node] = [],
        initializers: [(String, TensorData)] = []
    ) {
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.nodes = nodes
        self.initializers = [:]
        self.initializerNames = []
        for (name, data) in initializers { setInitializer(name, data) }
    }

    /// Adds or replaces the initializer `name`.
    public mutating func setInitializer(_ name: String, _ data: TensorData) {
        if initializers.updateValue(data, forKey: name) == nil { initializerNames.append(name) }
    }

    /// Removes the initializer `name` (nothing when absent).
    public mutating func removeInitializer(_ name: String) {
        guard initializers.removeValue(forKey: name) != nil else { return }
        initializerNames.removeAll { $0 == name }
    }

    /// The float initializer `name`, or nil when absent or not float.
    public func floatInitializer(_ name: String) -> Tensor<Float>? {
        initializers[name]?.floatTensor
    }

    /// The node named `name`, if any.
    public func node(named name: String) -> Node? {
        nodes.first { $0.name == name }
    }
}
