import EdgeGraph
import EdgeKernels
import EdgeTensor

/// What the trainer reports after each mini-batch.
public struct TrainingProgress: Sendable {
    public var epoch: Int
    public var epochs: Int
    public var batch: Int
    public var batchesPerEpoch: Int
    /// Mean loss of the batches of this epoch so far.
    public var loss: Float
    /// Training accuracy of this epoch so far (on augmented inputs, in training mode).
    public var accuracy: Float
    public var learningRate: Float
    /// Steps done and to do over the whole run, for time estimates.
    public var step: Int
    public var totalSteps: Int
}

/// The summary of one finished epoch.
public struct EpochSummary: Sendable {
    public var epoch: Int
    public var loss: Float
    public var accuracy: Float
}

/// Trains DigitCNN with mini-batch AdamW, a one-cycle schedule, per-epoch seeded shuffling and
/// random-shift augmentation. Deterministic: the same configuration and data give the same
/// weights bit for bit (single-threaded kernels, one seeded generator).
public final class Trainer {
    public let configuration: TrainingConfiguration
    public let network: DigitCNNNetwork
    private var optimizer: AdamOptimizer
    private var generator: SplitMix64

    /// A trainer starting from PyTorch-style initial weights drawn from `configuration.seed`.
    public init(configuration: TrainingConfiguration) throws(TrainingError) {
        try configuration.validate()
        self.configuration = configuration
        network = DigitCNNNetwork(weights: DigitCNNWeights(seed: configuration.seed))
        optimizer = AdamOptimizer(weightDecay: configuration.weightDecay)
        // A separate stream for data order and augmentation, derived from the same seed.
        generator = SplitMix64(seed: configuration.seed ^ 0x5EED_DA7A_0F_ED6E)
    }

    /// Runs every epoch over `data`, calling `progress` after each batch and `epochDone` after
    /// each epoch. - Throws: a kernel or training error (shapes cannot mismatch for DigitCNN).
    public func train(
        on data: TrainingSet, progress: (TrainingProgress) -> Void = { _ in },
        epochDone: (EpochSummary) -> Void = { _ in }
    ) throws {
        guard data.count >= 2 else {
            throw TrainingError("training set has \(data.count) image(s); BatchNorm needs at least 2")
        }
        let batchSize = configuration.batchSize
        let batchesPerEpoch = (data.count + batchSize - 1) / batchSize
        let schedule = OneCycleSchedule(
            maxRate: configuration.maxLearningRate,
            totalSteps: batchesPerEpoch * configuration.epochs)
        var order = Array(0..<data.count)
        var step = 0
        for epoch in 1...configuration.epochs {
            shuffle(&order)
            var lossSum: Float = 0
            var correct = 0
            var seen = 0
            for batch in 0..<batchesPerEpoch {
                var range = (batch * batchSize)..<min((batch + 1) * batchSize, data.count)
                // BatchNorm needs at least two samples; fold a lone remainder into the previous slice.
                if range.count < 2 { range = (range.upperBound - 2)..<range.upperBound }
                let (input, labels) = data.batch(order[range], maxShift: configuration.maxShift, generator: &generator)
                let logits = try network.forward(input, training: true)
                let (loss, gradient) = try CrossEntropy.lossAndGradient(logits: logits, labels: labels)
                guard loss.isFinite else {
                    // Diverged: every later step and the written weights would be NaN.
                    throw TrainingError(
                        "training diverged at epoch \(epoch), batch \(batch + 1): the loss is \(loss); lower --learning-rate (it is \(configuration.maxLearningRate))"
                    )
                }
                try network.backward(gradient)
                let rate = schedule.rate(at: step)
                optimizer.update(network.parameters, learningRate: rate)
                step += 1
                lossSum += loss * Float(labels.count)
                correct += Self.countCorrect(logits: logits, labels: labels)
                seen += labels.count
                progress(
                    TrainingProgress(
                        epoch: epoch, epochs: configuration.epochs, batch: batch + 1,
                        batchesPerEpoch: batchesPerEpoch, loss: lossSum / Float(seen),
                        accuracy: Float(correct) / Float(seen), learningRate: rate,
                        step: step, totalSteps: schedule.totalSteps))
            }
            epochDone(EpochSummary(epoch: epoch, loss: lossSum / Float(seen), accuracy: Float(correct) / Float(seen)))
        }
    }

    /// Predicted labels for every image of `data` with running BatchNorm statistics.
    public func predict(_ data: TrainingSet, batchSize: Int = 250) throws -> [Int] {
        var predictions: [Int] = []
        predictions.reserveCapacity(data.count)
        var noShift = SplitMix64(seed: 0)
        var start = 0
        while start < data.count {
            let indices = Array(start..<min(start + batchSize, data.count))
            let (input, _) = data.batch(indices[...], maxShift: 0, generator: &noShift)
            let logits = try network.forward(input, training: false)
            predictions += Self.argmax(logits)
            start += batchSize
        }
        return predictions
    }

    /// Fraction of `data` classified correctly.
    public func accuracy(on data: TrainingSet) throws -> Float {
        let predictions = try predict(data)
        let correct = zip(predictions, data.labels).filter { $0 == Int($1) }.count
        return Float(correct) / Float(max(data.count, 1))
    }

    /// Fisher–Yates with our own generator, so the order is the same on every platform and
    /// Swift version (the standard library's `shuffle(using:)` promises no algorithm).
    private func shuffle(_ order: inout [Int]) { Self.shuffle(&order, using: &generator) }

    /// Fisher–Yates with `generator` (not the standard library's shuffle, whose algorithm may
    /// change between Swift versions: a seed must give the same order forever).
    static func shuffle(_ order: inout [Int], using generator: inout SplitMix64) {
        guard order.count > 1 else { return }
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            let j = Int(generator.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
    }

    static func argmax(_ logits: Tensor<Float>) -> [Int] {
        let classes = logits.shape[1]
        let values = logits.scalars
        return (0..<logits.shape[0]).map { row in
            var best = 0
            for c in 1..<classes where values[row * classes + c] > values[row * classes + best] { best = c }
            return best
        }
    }

    static func countCorrect(logits: Tensor<Float>, labels: [Int32]) -> Int {
        zip(argmax(logits), labels).filter { $0 == Int($1) }.count
    }
}
