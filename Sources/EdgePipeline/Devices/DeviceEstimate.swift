import EdgeGraph
import EdgeIO
import EdgeRuntime

/// What a model is predicted to do on a device (`edge estimate`, docs/devices.md): per layer its
/// op class, MACs and cycles; in total the latency, the energy per inference and whether the
/// weights and the activations fit.
public struct DeviceEstimate: Sendable {
    public struct Layer: Sendable {
        public var name: String
        public var op: String
        public var opClass: DeviceOpClass
        public var macs: Int
        /// Output elements (what an elementwise layer is charged for).
        public var elements: Int
        public var cycles: Double
        public var milliseconds: Double
    }

    public var device: String
    public var model: String
    public var layers: [Layer]
    public var macs: Int { layers.reduce(0) { $0 + $1.macs } }
    public var cycles: Double { layers.reduce(0) { $0 + $1.cycles } }
    public var latencyMilliseconds: Double
    /// Active power × latency, µJ; nil when the profile has no active power.
    public var energyMicrojoules: Double?
    /// Weight bytes at the profile's precision (parameters × element bytes).
    public var weightBytes: Int
    /// Peak bytes of activations alive together, at the profile's precision.
    public var activationBytes: Int
    public var flashBytes: Int?
    public var ramBytes: Int?
    /// Nil when the profile does not say how much flash or RAM there is.
    public var fits: Bool? {
        guard let flashBytes, let ramBytes else { return nil }
        return weightBytes <= flashBytes && activationBytes <= ramBytes
    }

    /// The estimate of `graph` (frozen first, as a deployment runs it) on `profile`.
    /// - Throws: `EngineError` when the graph is invalid or cannot be frozen.
    public static func estimate(_ graph: Graph, model: String, on profile: DeviceProfile) throws(EngineError)
        -> DeviceEstimate
    {
        let frozen = try graph.frozen().graph
        let types: [String: TensorType]
        let costs: GraphCost
        do {
            types = try frozen.inferTypes()
            costs = try frozen.cost()
        } catch { throw .invalidGraph(error) }
        let mhz = profile.clockMHz.value ?? 1
        let perElement = profile.cyclesPerElement.value ?? 0
        let overhead = profile.layerOverheadCycles.value ?? 0
        var layers: [Layer] = []
        for (node, cost) in zip(frozen.nodes, costs.nodes) {
            let opClass = classify(node, types: types)
            let elements = opClass == .view ? 0 : cost.output.shape.elementCount
            var cycles: Double
            switch opClass {
            case .view: cycles = 0
            case .elementwise: cycles = Double(elements) * perElement
            default: cycles = Double(cost.macs) * (profile.cyclesPerMAC[opClass]?.value ?? 0)
            }
            if opClass != .view { cycles += overhead }
            layers.append(
                Layer(
                    name: node.name, op: node.op.rawValue, opClass: opClass, macs: cost.macs, elements: elements,
                    cycles: cycles, milliseconds: cycles / (mhz * 1000)))
        }
        let latency = layers.reduce(0) { $0 + $1.milliseconds }
        return DeviceEstimate(
            device: profile.name, model: model, layers: layers, latencyMilliseconds: latency,
            energyMicrojoules: profile.activePowerMilliwatts.value.map { $0 * latency },
            weightBytes: costs.parameters * profile.elementBytes,
            activationBytes: peakActivationElements(frozen, types: types) * profile.elementBytes,
            flashBytes: profile.flashBytes.value.map { Int($0) }, ramBytes: profile.ramBytes.value.map { Int($0) })
    }

    /// A node's op class: a conv with one input channel per group and as many groups as
    /// channels is depthwise, a 1×1 ungrouped conv pointwise, any other conv dense; Gemm and
    /// MatMul are fully connected; Flatten, Reshape and Identity are views; the rest elementwise.
    static func classify(_ node: Node, types: [String: TensorType]) -> DeviceOpClass {
        switch node.op {
        case .conv:
            let weight = types[node.inputs[1]]?.shape.dims ?? []
            let group = (try? node.int("group", default: 1)) ?? 1
            if group > 1, weight.count == 4, weight[1] == 1 { return .depthwise }
            if group == 1, weight.count == 4, weight[2] == 1, weight[3] == 1 { return .pointwise }
            return .denseConv
        case .gemm, .matMul: return .fullyConnected
        case .flatten, .reshape, .identity: return .view
        default: return .elementwise
        }
    }

    /// The most activation elements alive at once, running the nodes in order: a value lives from
    /// the node that makes it (or the start, for a graph input) to its last reader (or the end,
    /// for a graph output); a view shares its input's storage.
    static func peakActivationElements(_ graph: Graph, types: [String: TensorType]) -> Int {
        var root: [String: String] = [:]
        func storage(_ name: String) -> String { root[name].map(storage) ?? name }
        for node in graph.nodes where [.flatten, .reshape, .identity].contains(node.op) {
            if let input = node.input(0) { root[node.outputs[0]] = input }
        }
        var first: [String: Int] = [:]
        var last: [String: Int] = [:]
        for input in graph.inputs { first[storage(input.name)] = 0 }
        for (index, node) in graph.nodes.enumerated() {
            for input in node.inputs where graph.initializers[input] == nil && !input.isEmpty {
                last[storage(input)] = max(last[storage(input)] ?? index, index)
            }
            for output in node.outputs where root[output] == nil {
                first[output] = first[output] ?? index
                last[output] = max(last[output] ?? index, index)
            }
        }
        for output in graph.outputs { last[storage(output)] = graph.nodes.count }
        var peak = 0
        for index in 0..<max(graph.nodes.count, 1) {
            var alive = 0
            for (name, start) in first where start <= index && (last[name] ?? start) >= index {
                alive += types[name]?.shape.elementCount ?? 0
            }
            peak = max(peak, alive)
        }
        return peak
    }

    /// The `--json` object (docs/devices.md).
    public var json: JSONValue {
        func number(_ v: Double?, _ digits: Int = 4) -> JSONValue { JSONValue.rounded(v, digits: digits) }
        return .object([
            ("device", .string(device)), ("model", .string(model)), ("macs", .int(macs)),
            ("latency_ms", number(latencyMilliseconds)), ("energy_uj", number(energyMicrojoules, 2)),
            ("weight_bytes", .int(weightBytes)), ("activation_bytes", .int(activationBytes)),
            ("flash_bytes", flashBytes.map(JSONValue.int) ?? .null),
            ("ram_bytes", ramBytes.map(JSONValue.int) ?? .null),
            ("fits", fits.map(JSONValue.bool) ?? .null),
            (
                "layers",
                .array(
                    layers.map { layer in
                        .object([
                            ("name", .string(layer.name)), ("op", .string(layer.op)),
                            ("op_class", .string(layer.opClass.rawValue)), ("macs", .int(layer.macs)),
                            ("elements", .int(layer.elements)), ("cycles", number(layer.cycles, 1)),
                            ("ms", number(layer.milliseconds)),
                        ])
                    })
            ),
        ])
    }
}
