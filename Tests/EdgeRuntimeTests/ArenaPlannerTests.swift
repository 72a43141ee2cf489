import EdgeTensor
import Testing

@testable import EdgeRuntime

@Suite("Arena planner")
struct ArenaPlannerTests {
    typealias Buffer = ArenaPlanner.Buffer

    @Test("a chain of layers reuses memory: the arena is the largest pair of live neighbours")
    func chain() {
        // Sizes of a 5-layer chain: each buffer lives from its producer to its reader.
        let sizes = [100, 400, 50, 300, 20]
        let buffers = sizes.enumerated().map { Buffer(size: $0.element, firstUse: $0.offset - 1, lastUse: $0.offset) }
        let layout = ArenaPlanner.plan(buffers, alignment: 1)
        #expect(ArenaPlanner.isValid(layout, for: buffers))
        #expect(layout.size == 500)  // 100 + 400, the worst live pair
    }

    @Test("buffers alive together never overlap; offsets are aligned (200 seeded random plans)")
    func randomPlans() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<200 {
            let count = 1 + Int(generator.next() % 12)
            let buffers = (0..<count).map { _ -> Buffer in
                let first = Int(generator.next() % 10) - 1
                return Buffer(
                    size: Int(generator.next() % 1000), firstUse: first, lastUse: first + Int(generator.next() % 5))
            }
            let layout = ArenaPlanner.plan(buffers)
            #expect(ArenaPlanner.isValid(layout, for: buffers))
            #expect(layout.offsets.allSatisfy { $0 % 16 == 0 })
            #expect(layout.size % 16 == 0)
            // Never worse than giving every buffer its own (aligned) space.
            #expect(layout.size <= buffers.reduce(0) { $0 + ($1.size + 15) / 16 * 16 })
        }
    }

    @Test("the validity check catches overlapping live buffers")
    func validityCheck() {
        let buffers = [Buffer(size: 10, firstUse: 0, lastUse: 2), Buffer(size: 10, firstUse: 1, lastUse: 3)]
        #expect(!ArenaPlanner.isValid(ArenaPlanner.Layout(offsets: [0, 5], size: 20), for: buffers))
        #expect(ArenaPlanner.isValid(ArenaPlanner.Layout(offsets: [0, 10], size: 20), for: buffers))
        // Disjoint lifetimes may share.
        let apart = [Buffer(size: 10, firstUse: 0, lastUse: 1), Buffer(size: 10, firstUse: 2, lastUse: 3)]
        #expect(ArenaPlanner.isValid(ArenaPlanner.Layout(offsets: [0, 0], size: 10), for: apart))
        #expect(ArenaPlanner.plan(apart, alignment: 1).size == 10)
    }
}
