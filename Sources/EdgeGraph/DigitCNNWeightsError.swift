import EdgeTensor

/// Why a set of named tensors is not a DigitCNN `state_dict`.
public enum DigitCNNWeightsError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing(String)
    case unexpected(String)
    case shape(String, expected: Shape, actual: Shape)
    case elementType(String, actual: ElementType)

    public var description: String {
        switch self {
        case .missing(let name): "missing key '\(name)'"
        case .unexpected(let name): "unexpected key '\(name)' (not a DigitCNN weight)"
        case .shape(let name, let expected, let actual): "'\(name)' has shape \(actual), expected \(expected)"
        case .elementType(let name, let actual): "'\(name)' is \(actual), expected float32"
        }
    }
}
