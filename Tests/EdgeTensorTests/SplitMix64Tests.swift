import Testing

@testable import EdgeTensor

@Suite("SplitMix64")
struct SplitMix64Tests {
    @Test("matches the reference sequence for seed 0")
    func reference() {
        var generator = SplitMix64(seed: 0)
        // First outputs of Vigna's splitmix64.c seeded with 0.
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
    }
}

extension SplitMix64Tests {
    @Test("indexed streams are independent of draw order; floats stay in range")
    func indexed() {
        var third = SplitMix64(seed: 7, index: 3, stream: 1)
        var again = SplitMix64(seed: 7, index: 3, stream: 1)
        #expect(third.next() == again.next())
        var other = SplitMix64(seed: 7, index: 3, stream: 2)
        var fourth = SplitMix64(seed: 7, index: 4, stream: 1)
        let value = third.next()
        #expect(other.next() != value && fourth.next() != value)
        var g = SplitMix64(seed: 11)
        for _ in 0..<1000 {
            #expect((0..<1).contains(g.unit()))
            #expect((-2..<3).contains(g.nextFloat(in: -2..<3)))
            #expect((5...6).contains(g.uniform(5...6)))
        }
    }
}
