#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one-cycle learning-rate policy (Smith 2018; PyTorch's `OneCycleLR` with cosine
/// annealing): from `maxRate / divFactor` up to `maxRate` over the first `warmupFraction` of
/// the steps, then down to `maxRate / (divFactor · finalDivFactor)` by the last step.
public struct OneCycleSchedule: Sendable, Equatable {
    public var maxRate: Float
    public var totalSteps: Int
    public var warmupFraction: Float = 0.25
    public var divFactor: Float = 25
    public var finalDivFactor: Float = 1e4

    public init(maxRate: Float, totalSteps: Int) {
        precondition(totalSteps > 0)
        self.maxRate = maxRate
        self.totalSteps = totalSteps
    }

    /// The learning rate for step `step` (0-based).
    public func rate(at step: Int) -> Float {
        let initial = maxRate / divFactor
        let final = initial / finalDivFactor
        let warmupEnd = max(1, Int((warmupFraction * Float(totalSteps)).rounded()) - 1)
        func cosine(from start: Float, to end: Float, _ progress: Float) -> Float {
            end + (start - end) / 2 * (1 + cosf(Float.pi * min(max(progress, 0), 1)))
        }
        if step <= warmupEnd {
            return cosine(from: initial, to: maxRate, Float(step) / Float(warmupEnd))
        }
        let remaining = max(1, totalSteps - 1 - warmupEnd)
        return cosine(from: maxRate, to: final, Float(step - warmupEnd) / Float(remaining))
    }
}
