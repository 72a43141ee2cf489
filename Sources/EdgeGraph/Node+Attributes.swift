extension Node {
    /// The integer attribute `name`, `defaultValue` when absent.
    /// - Throws: `GraphError.attribute` when present with another kind, or absent without default.
    public func int(_ name: String, default defaultValue: Int? = nil) throws(GraphError) -> Int {
        switch attributes[name] {
        case .int(let value): return value
        case nil:
            if let defaultValue { return defaultValue }
            throw .attribute(node: label, name: name, problem: "is required")
        case let other?:
            throw .attribute(node: label, name: name, problem: "must be an integer, got \(other)")
        }
    }

    /// The integer-list attribute `name`, `defaultValue` when absent.
    /// - Throws: `GraphError.attribute` when present with another kind, or absent without default.
    public func ints(_ name: String, default defaultValue: [Int]? = nil) throws(GraphError) -> [Int] {
        switch attributes[name] {
        case .ints(let value): return value
        case nil:
            if let defaultValue { return defaultValue }
            throw .attribute(node: label, name: name, problem: "is required")
        case let other?:
            throw .attribute(node: label, name: name, problem: "must be a list of integers, got \(other)")
        }
    }

    /// The float attribute `name` (an integer value is accepted), `defaultValue` when absent.
    /// - Throws: `GraphError.attribute` when present with another kind, or absent without default.
    public func float(_ name: String, default defaultValue: Float? = nil) throws(GraphError) -> Float {
        switch attributes[name] {
        case .float(let value): return value
        case .int(let value): return Float(value)
        case nil:
            if let defaultValue { return defaultValue }
            throw .attribute(node: label, name: name, problem: "is required")
        case let other?:
            throw .attribute(node: label, name: name, problem: "must be a float, got \(other)")
        }
    }

    /// The string attribute `name`, `defaultValue` when absent.
    public func string(_ name: String, default defaultValue: String) throws(GraphError) -> String {
        switch attributes[name] {
        case .string(let value): return value
        case nil: return defaultValue
        case let other?:
            throw .attribute(node: label, name: name, problem: "must be a string, got \(other)")
        }
    }
}
