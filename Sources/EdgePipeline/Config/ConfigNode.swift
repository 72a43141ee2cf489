import Yams

/// A YAML node with the key path that led to it; typed accessors throw
/// ``PipelineConfigError`` naming that path and the file.
struct ConfigNode {
    let node: Node?
    let path: String
    let file: String

    func error(_ problem: String) -> PipelineConfigError {
        PipelineConfigError(file: file, keyPath: path, line: node?.mark.map { $0.line }, problem: problem)
    }

    var isPresent: Bool {
        guard let node else { return false }
        if case .scalar(let s) = node, s.tag == Tag(.null) { return false }
        return true
    }

    /// The child `key` of a mapping (absent children read as missing).
    func child(_ key: String) -> ConfigNode {
        ConfigNode(node: node?.mapping?[key], path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    /// Checks that this is a mapping (or absent) whose keys are all in `allowed`.
    @discardableResult
    func mapping(allowed: [String]) throws(PipelineConfigError) -> ConfigNode {
        guard isPresent, let node else { return self }
        guard let mapping = node.mapping else { throw error("expected a mapping of keys, got \(describe(node))") }
        for key in mapping.keys {
            guard let name = key.string else { throw error("keys must be strings") }
            if !allowed.contains(name) {
                let at = path.isEmpty ? name : "\(path).\(name)"
                throw PipelineConfigError(
                    file: file, keyPath: at, line: key.mark.map { $0.line },
                    problem: "unknown key; allowed here: \(allowed.joined(separator: ", "))")
            }
        }
        return self
    }

    private var scalar: String? {
        guard let node, case .scalar(let s) = node else { return nil }
        return s.string
    }

    /// The YAML type of a scalar as YAML itself resolves it: a quoted value is always a
    /// string, `true`/`no` a boolean, `2` an integer. Typed accessors accept only their type,
    /// so `workers: "2"` and `log: true` are errors instead of a silent guess.
    private var resolvedTag: Tag.Name? {
        guard let node, case .scalar = node else { return nil }
        return Resolver.default.resolveTag(of: node)
    }

    /// True for an unquoted integer or floating-point scalar.
    var isNumber: Bool { resolvedTag == .int || resolvedTag == .float }

    /// "the boolean 'true'", "the string '2'": what a scalar is, for an error.
    private var typedDescription: String {
        guard let node else { return "nothing" }
        guard case .scalar(let s) = node, let tag = resolvedTag else { return describe(node) }
        let kind =
            switch tag {
            case .bool: "the boolean"
            case .int: "the integer"
            case .float: "the number"
            case .str: "the string"
            default: "the value"
            }
        return "\(kind) '\(s.string)'"
    }

    func string(default value: String? = nil) throws(PipelineConfigError) -> String {
        guard isPresent else {
            if let value { return value }
            throw error("required key is missing")
        }
        guard let s = scalar else { throw error("expected a string, got \(describe(node!))") }
        if resolvedTag == .bool {
            throw error("expected a string, got \(typedDescription); quote it if you mean the text")
        }
        return s
    }

    func optionalString() throws(PipelineConfigError) -> String? {
        isPresent ? try string() : nil
    }

    func int(default value: Int? = nil, range: ClosedRange<Int> = Int.min...Int.max) throws(PipelineConfigError) -> Int
    {
        guard isPresent else {
            if let value { return value }
            throw error("required key is missing")
        }
        guard let s = scalar, resolvedTag == .int, let i = Int(s) else {
            throw error("expected an integer, got \(typedDescription)")
        }
        guard range.contains(i) else { throw error("\(i) is out of range \(Self.describe(range))") }
        return i
    }

    func optionalInt(range: ClosedRange<Int> = Int.min...Int.max) throws(PipelineConfigError) -> Int? {
        isPresent ? try int(range: range) : nil
    }

    func double(default value: Double? = nil, range: ClosedRange<Double> = -Double.infinity...Double.infinity)
        throws(PipelineConfigError) -> Double
    {
        guard isPresent else {
            if let value { return value }
            throw error("required key is missing")
        }
        guard let s = scalar, resolvedTag == .int || resolvedTag == .float, let d = Double(s), d.isFinite else {
            throw error("expected a number, got \(typedDescription)")
        }
        guard range.contains(d) else { throw error("\(s) is out of range \(range.lowerBound)...\(range.upperBound)") }
        return d
    }

    func optionalDouble(range: ClosedRange<Double> = -Double.infinity...Double.infinity) throws(PipelineConfigError)
        -> Double?
    {
        isPresent ? try double(range: range) : nil
    }

    func bool(default value: Bool) throws(PipelineConfigError) -> Bool {
        guard isPresent else { return value }
        guard resolvedTag == .bool, let s = scalar else {
            throw error("expected true or false, got \(typedDescription)")
        }
        switch s.lowercased() {
        case "true", "yes", "on", "y": return true
        default: return false
        }
    }

    /// A string that must be one of `E`'s raw values.
    func choice<E: RawRepresentable & CaseIterable>(_ type: E.Type, default value: E? = nil) throws(PipelineConfigError)
        -> E where E.RawValue == String
    {
        guard isPresent else {
            if let value { return value }
            throw error("required key is missing; one of: \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let s = try string()
        guard let e = E(rawValue: s) else {
            throw error("'\(s)' is not one of: \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return e
    }

    /// A two-number sequence `[low, high]` with low <= high inside `range`.
    func interval(default value: ClosedRange<Double>, range: ClosedRange<Double>) throws(PipelineConfigError)
        -> ClosedRange<Double>
    {
        guard isPresent else { return value }
        guard let seq = node?.sequence, seq.count == 2 else { throw error("expected [low, high]") }
        let items = seq.map { ConfigNode(node: $0, path: path, file: file) }
        let low = try items[0].double(range: range)
        let high = try items[1].double(range: range)
        guard low <= high else { throw error("low \(low) is above high \(high)") }
        return low...high
    }

    private func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): "'\(s.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    private static func describe(_ r: ClosedRange<Int>) -> String {
        if r.upperBound == Int.max { return ">= \(r.lowerBound)" }
        return "\(r.lowerBound)...\(r.upperBound)"
    }
}
