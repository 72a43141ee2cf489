import EdgeGraph
import EdgeImaging
import EdgeTensor
import Foundation
import Testing

@testable import EdgeTraining

/// Short training runs on a small stratified subset of the committed MNIST samples.
@Suite struct TrainingRunTests {
    /// 20 images per class from the training split, interleaved by class so that every batch of
    /// 10 or more holds every class (the split itself is sorted by label).
    static func stratifiedSubset(perClass: Int = 20) throws -> TrainingSet {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let train = try MNISTDataset.load(directory: root.appendingPathComponent("samples/mnist").path, split: .train)
        let byClass = train.indicesByClass()
        var pixels: [UInt8] = []
        var labels: [UInt8] = []
        for k in 0..<perClass {
            for digit in 0..<10 {
                let index = byClass[digit][k * (byClass[digit].count / perClass)]
                pixels += train.pixels[(index * 784)..<((index + 1) * 784)]
                labels.append(train.labels[index])
            }
        }
        return try TrainingSet(pixels: pixels, labels: labels)
    }

    static func configuration(epochs: Int) -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.epochs = epochs
        configuration.batchSize = 20
        configuration.seed = 42
        return configuration
    }

    @Test func lossFallsWellBelowItsStart() throws {
        let data = try Self.stratifiedSubset()
        let trainer = try Trainer(configuration: Self.configuration(epochs: 4))
        var losses: [Float] = []
        try trainer.train(
            on: data, progress: { if $0.epoch == 1 && $0.batch == 1 { losses.append($0.loss) } },
            epochDone: { losses.append($0.loss) })
        let first = try #require(losses.first)
        let last = try #require(losses.last)
        #expect(first > 1.8, "an untrained 10-class net starts near ln 10 ≈ 2.3, got \(first)")
        #expect(last < first * 0.5, "loss went from \(first) to \(last)")
        #expect(try trainer.accuracy(on: data) > 0.8)
    }

    @Test func sameSeedSameWeightsBitForBit() throws {
        let data = try Self.stratifiedSubset(perClass: 6)
        func run(seed: UInt64) throws -> DigitCNNWeights {
            var configuration = Self.configuration(epochs: 1)
            configuration.seed = seed
            let trainer = try Trainer(configuration: configuration)
            try trainer.train(on: data)
            return trainer.network.weights
        }
        let a = try run(seed: 9)
        let b = try run(seed: 9)
        let c = try run(seed: 10)
        #expect(a == b)
        #expect(a != c)
        #expect(a.numBatchesTracked["bn1.num_batches_tracked"] == 3)
    }

    @Test func badSettingsAreRejectedWithTheirName() {
        var configuration = TrainingConfiguration()
        configuration.batchSize = 1
        #expect(throws: TrainingError.self) { try configuration.validate() }
        #expect((try? TrainingSet(pixels: [0, 1], labels: [1])) == nil)
    }

    @Test func oneCycleScheduleShape() {
        let schedule = OneCycleSchedule(maxRate: 1e-2, totalSteps: 100)
        #expect(abs(schedule.rate(at: 0) - 1e-2 / 25) < 1e-9)
        let peak = (0..<100).map(schedule.rate(at:)).max()!
        #expect(abs(peak - 1e-2) < 1e-7)
        #expect(schedule.rate(at: 99) < 1e-6)
    }

    @Test func shiftAugmentationMovesTheDigit() throws {
        // One image with a single bright pixel at (10, 12).
        var pixels = [UInt8](repeating: 0, count: 784)
        pixels[10 * 28 + 12] = 255
        let data = try TrainingSet(pixels: pixels, labels: [3])
        var g = SplitMix64(seed: 3)
        for _ in 0..<20 {
            let (input, labels) = data.batch([0], maxShift: 2, generator: &g)
            #expect(labels == [3])
            let values = input.scalars
            let bright = values.indices.filter { values[$0] > 2.8 }
            #expect(bright.count == 1)
            let row = bright[0] / 28
            let column = bright[0] % 28
            #expect(abs(row - 10) <= 2 && abs(column - 12) <= 2)
            #expect(abs(values[0] - (-0.1307 / 0.3081)) < 1e-6)
        }
    }
}
