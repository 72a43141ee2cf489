import EdgeTensor
import Testing

@testable import EdgeImaging

@Suite("LevelHistogram")
struct LevelHistogramTests {
    /// A histogram of `values` (levels 0...255).
    func bins(_ values: [Int]) -> [Int32] {
        var bins = [Int32](repeating: 0, count: 256)
        for value in values { bins[value] += 1 }
        return bins
    }

    @Test("lower nearest rank: floor((n - 1) · q), the same as sorting and indexing")
    func matchesSorting() {
        var generator = SplitMix64(seed: 5)
        for count in [1, 2, 3, 4, 5, 10, 97, 1000] {
            let values = (0..<count).map { _ in Int(generator.next() % 256) }
            let sorted = values.sorted()
            let histogram = bins(values)
            for quantile: Float in [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1] {
                let rank = LevelHistogram.rank(count: count, quantile: quantile)
                #expect(rank == (count - 1) * Int((quantile * 1000).rounded()) / 1000)
                let level = histogram.withUnsafeBufferPointer { LevelHistogram.level($0, rank: rank) }
                #expect(level == sorted[rank], "count \(count), q \(quantile)")
            }
        }
        #expect(LevelHistogram.rank(count: 4, quantile: 0.5) == 1)  // the median of 4 is the 2nd
        #expect(LevelHistogram.rank(count: 10, quantile: 0.9) == 8)
        #expect(LevelHistogram.rank(count: 0, quantile: 0.5) == 0)
    }

    @Test("three ranks in one scan; a start level and ranks past the end")
    func threeRanks() {
        let histogram = bins([3, 3, 7, 9, 200, 250])
        histogram.withUnsafeBufferPointer { b in
            #expect(LevelHistogram.levels(b, ranks: (0, 2, 5)) == (3, 7, 250))
            #expect(LevelHistogram.level(b, rank: 0, from: 8) == 9)  // values from level 8 on: 9, 200, 250
            #expect(LevelHistogram.level(b, rank: 6) == -1)
        }
    }
}
