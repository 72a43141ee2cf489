/// Settings of one training run. The defaults are the documented settings that produced the
/// committed `models/baseline_cnn.safetensors`.
public struct TrainingConfiguration: Sendable, Equatable {
    public var epochs = 15
    public var batchSize = 64
    /// Peak learning rate of the one-cycle schedule.
    public var maxLearningRate: Float = 3e-3
    /// Decoupled (AdamW) weight decay on conv and linear weights.
    public var weightDecay: Float = 1e-4
    /// Random shift augmentation range in pixels (±).
    public var maxShift = 2
    /// Seeds weight initialisation, shuffling and augmentation.
    public var seed: UInt64 = 1

    public init() {}

    /// - Throws: `TrainingError` naming the first setting out of range.
    public func validate() throws(TrainingError) {
        guard epochs >= 1 else { throw TrainingError("epochs must be at least 1 (got \(epochs))") }
        guard epochs <= 100_000 else { throw TrainingError("epochs must be at most 100000 (got \(epochs))") }
        guard batchSize >= 2 else {
            throw TrainingError("batch size must be at least 2 for BatchNorm (got \(batchSize))")
        }
        guard batchSize <= 65_536 else { throw TrainingError("batch size must be at most 65536 (got \(batchSize))") }
        guard maxLearningRate > 0, maxLearningRate.isFinite else {
            throw TrainingError("learning rate must be positive (got \(maxLearningRate))")
        }
        guard weightDecay >= 0 else { throw TrainingError("weight decay must be ≥ 0 (got \(weightDecay))") }
        guard (0...8).contains(maxShift) else { throw TrainingError("shift must be 0–8 pixels (got \(maxShift))") }
    }
}
