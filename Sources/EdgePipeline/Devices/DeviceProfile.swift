import EdgeIO
import Yams

/// A number of a device profile and where it comes from (a measurement, a datasheet, a fit).
public struct SourcedValue: Sendable, Equatable {
    /// Nil where nothing is known (the source says why).
    public var value: Double?
    public var source: String
}

/// How a layer's cost is counted on a device: per multiply-accumulate for the MAC classes, per
/// output element for the rest, nothing for views.
public enum DeviceOpClass: String, CaseIterable, Sendable {
    case denseConv = "dense_conv"
    case depthwise
    case pointwise
    case fullyConnected = "fully_connected"
    case elementwise
    case view

    /// The MAC classes, which have a cycles-per-MAC rate.
    public static let macClasses: [DeviceOpClass] = [.denseConv, .depthwise, .pointwise, .fullyConnected]
}

/// One (board, engine) pair: what it costs to run each kind of layer there, its memory and its
/// power, every number with its source (`devices/NAME.yaml`, docs/devices.md).
public struct DeviceProfile: Sendable {
    public var name: String
    public var board: String
    public var core: String
    public var engine: String
    /// Bytes per weight and activation element: 1 for int8, 4 for fp32.
    public var elementBytes: Int
    public var clockMHz: SourcedValue
    public var cyclesPerMAC: [DeviceOpClass: SourcedValue]
    public var cyclesPerElement: SourcedValue
    public var layerOverheadCycles: SourcedValue
    public var ramBytes: SourcedValue
    public var flashBytes: SourcedValue
    public var activePowerMilliwatts: SourcedValue
    public var idlePowerMilliwatts: SourcedValue

    /// The folder `--device NAME` looks in.
    public static let defaultDirectory = "devices"

    /// Reads and checks one profile file.
    /// - Throws: ``PipelineConfigError`` naming the file, line and key that is missing or wrong.
    public static func load(_ path: String) throws(PipelineConfigError) -> DeviceProfile {
        let text: String
        do { text = String(decoding: try FileSystem.read(path, limit: 1 << 20), as: UTF8.self) } catch {
            throw PipelineConfigError(file: path, keyPath: "", problem: error.description)
        }
        let root: ConfigNode
        do { root = ConfigNode(node: try Yams.compose(yaml: text), path: "", file: path) } catch {
            throw PipelineConfigError(file: path, keyPath: "", problem: "not valid YAML: \(error)")
        }
        try root.mapping(allowed: [
            "name", "board", "core", "engine", "precision", "clock_mhz", "cycles_per_mac", "cycles_per_element",
            "layer_overhead_cycles", "ram_bytes", "flash_bytes", "active_power_mw", "idle_power_mw",
        ])
        func sourced(_ node: ConfigNode, required: Bool) throws(PipelineConfigError) -> SourcedValue {
            guard node.isPresent else { throw node.error("required key is missing") }
            try node.mapping(allowed: ["value", "source"])
            let valueNode = node.child("value")
            // `value: null` (or `~`) says the number is not known; the source says why.
            let unknown = valueNode.node?.scalar.map { ["null", "~", "Null", "NULL"].contains($0.string) } ?? true
            let value = unknown ? nil : try valueNode.double(range: 0...Double.greatestFiniteMagnitude)
            if required && value == nil { throw node.child("value").error("required key is missing") }
            return SourcedValue(value: value, source: try node.child("source").string())
        }
        let precision = try root.child("precision").string()
        guard let elementBytes = ["int8": 1, "fp32": 4][precision] else {
            throw root.child("precision").error("'\(precision)' is not int8 or fp32")
        }
        let rates = root.child("cycles_per_mac")
        try rates.mapping(allowed: DeviceOpClass.macClasses.map(\.rawValue))
        var cyclesPerMAC: [DeviceOpClass: SourcedValue] = [:]
        for opClass in DeviceOpClass.macClasses {
            cyclesPerMAC[opClass] = try sourced(rates.child(opClass.rawValue), required: true)
        }
        let clock = try sourced(root.child("clock_mhz"), required: true)
        guard let mhz = clock.value, mhz > 0 else { throw root.child("clock_mhz.value").error("must be positive") }
        return DeviceProfile(
            name: try root.child("name").string(), board: try root.child("board").string(),
            core: try root.child("core").string(), engine: try root.child("engine").string(),
            elementBytes: elementBytes, clockMHz: clock, cyclesPerMAC: cyclesPerMAC,
            cyclesPerElement: try sourced(root.child("cycles_per_element"), required: true),
            layerOverheadCycles: try sourced(root.child("layer_overhead_cycles"), required: true),
            ramBytes: try sourced(root.child("ram_bytes"), required: false),
            flashBytes: try sourced(root.child("flash_bytes"), required: false),
            activePowerMilliwatts: try sourced(root.child("active_power_mw"), required: false),
            idlePowerMilliwatts: try sourced(root.child("idle_power_mw"), required: false))
    }

    /// The profile `name` in `directory` (`devices/NAME.yaml`).
    /// - Throws: ``PipelineConfigError`` listing the profiles there when there is no such file.
    public static func named(_ name: String, directory: String = defaultDirectory) throws(PipelineConfigError)
        -> DeviceProfile
    {
        let path = directory + "/" + name + ".yaml"
        guard FileSystem.kind(of: path) == .regular else {
            let known = (try? names(directory: directory)) ?? []
            throw PipelineConfigError(
                file: path, keyPath: "",
                problem: "no such device profile; known: "
                    + (known.isEmpty ? "none in \(directory)/" : known.joined(separator: ", ")))
        }
        let profile = try load(path)
        guard profile.name == name else {
            throw PipelineConfigError(
                file: path, keyPath: "name", problem: "'\(profile.name)' differs from the file name '\(name)'")
        }
        return profile
    }

    /// The profile names in `directory`, sorted.
    public static func names(directory: String = defaultDirectory) throws(PipelineConfigError) -> [String] {
        do {
            return try FileSystem.listDirectory(directory).names.filter { $0.hasSuffix(".yaml") }
                .map { String($0.dropLast(5)) }.sorted()
        } catch {
            throw PipelineConfigError(file: directory, keyPath: "", problem: error.description)
        }
    }
}
