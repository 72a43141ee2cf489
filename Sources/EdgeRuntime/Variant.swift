/// The deployments of a model EdgeLoop can run.
public enum Variant: String, Sendable, CaseIterable, Codable {
    case eager, frozen, quantized
}
