/// A named graph input or output with its static type.
public struct ValueInfo: Sendable, Hashable {
    public var name: String
    public var type: TensorType

    public init(name: String, type: TensorType) {
        self.name = name
        self.type = type
    }
}
