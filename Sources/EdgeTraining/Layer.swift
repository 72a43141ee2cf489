import EdgeTensor

/// A differentiable layer of a sequential network.
///
/// `forward` caches what `backward` needs; `backward` must follow the `forward` whose output
/// gradient it receives, and writes the gradients of the layer's parameters (overwriting them).
/// Layers are not thread-safe.
public protocol Layer: AnyObject {
    /// Short name for errors and progress (`conv1`, `relu`, …).
    var name: String { get }
    /// The layer's trainable tensors (empty for parameter-free layers).
    var parameters: [Parameter] { get }
    /// Computes the output; `training` selects batch statistics for BatchNorm.
    func forward(_ input: Tensor<Float>, training: Bool) throws -> Tensor<Float>
    /// Gradient with respect to the last forward's input; fills the parameters' gradients.
    func backward(_ outputGradient: Tensor<Float>) throws -> Tensor<Float>
}

/// Why a layer could not run.
public struct TrainingError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Layer {
    func cached(_ input: Tensor<Float>?) throws -> Tensor<Float> {
        guard let input else { throw TrainingError("\(name): backward called before forward") }
        return input
    }
}
