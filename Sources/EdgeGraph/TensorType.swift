import EdgeTensor

/// The static type of a value: element type and shape.
public struct TensorType: Sendable, Hashable, CustomStringConvertible {
    public var elementType: ElementType
    public var shape: Shape

    public init(_ elementType: ElementType, _ shape: Shape) {
        self.elementType = elementType
        self.shape = shape
    }

    public var description: String { "\(elementType)\(shape)" }
}
