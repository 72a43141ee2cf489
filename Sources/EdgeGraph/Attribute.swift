/// The value of a node attribute (ONNX `AttributeProto` restricted to what our ops use).
public enum Attribute: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case ints([Int])
    case float(Float)
    case floats([Float])
    case string(String)

    public var description: String {
        switch self {
        case .int(let v): "\(v)"
        case .ints(let v): "[" + v.map(String.init).joined(separator: ",") + "]"
        case .float(let v): "\(v)"
        case .floats(let v): "[" + v.map { "\($0)" }.joined(separator: ",") + "]"
        case .string(let v): "\"\(v)\""
        }
    }
}
