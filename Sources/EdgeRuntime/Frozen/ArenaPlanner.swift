/// Places every activation of a plan in one arena by liveness: two buffers share bytes only
/// when their lifetimes do not overlap. The planner knows nothing of graphs or kernels, so it
/// can be swapped for another strategy (TFLite Micro's greedy planner, tinygrad's) by changing
/// this one type.
///
/// Strategy: largest buffers first (ties: earliest first use), each at the lowest aligned
/// offset that does not collide with an already placed buffer whose lifetime overlaps. For a
/// chain of layers this reaches the lower bound, the largest pair of live neighbours.
public enum ArenaPlanner {
    /// One buffer to place: its size and the steps between which it must keep its contents.
    public struct Buffer: Sendable, Hashable {
        /// Size in elements.
        public var size: Int
        /// The step that writes it first (−1 for a buffer filled before the first step).
        public var firstUse: Int
        /// The step that reads it last (inclusive); `Int.max` for a buffer read after the last step.
        public var lastUse: Int

        public init(size: Int, firstUse: Int, lastUse: Int) {
            precondition(size >= 0 && firstUse <= lastUse, "arena buffer: size \(size), use \(firstUse)…\(lastUse)")
            self.size = size
            self.firstUse = firstUse
            self.lastUse = lastUse
        }

        func overlaps(_ other: Buffer) -> Bool { firstUse <= other.lastUse && other.firstUse <= lastUse }
    }

    /// The arena layout: one offset per buffer (same order as the input) and the arena size.
    public struct Layout: Sendable, Equatable {
        public var offsets: [Int]
        /// Elements the arena must hold.
        public var size: Int
    }

    /// Plans `buffers`, each offset a multiple of `alignment` elements (16 floats = 64 bytes,
    /// one cache line and one AVX-512 register).
    public static func plan(_ buffers: [Buffer], alignment: Int = 16) -> Layout {
        precondition(alignment >= 1)
        let order = buffers.indices.sorted {
            (buffers[$0].size, -buffers[$0].firstUse, -$0) > (buffers[$1].size, -buffers[$1].firstUse, -$1)
        }
        var offsets = [Int](repeating: 0, count: buffers.count)
        var placed: [Int] = []
        var size = 0
        for index in order {
            let buffer = buffers[index]
            // Live neighbours already placed, by offset: take the first gap that fits.
            let conflicts = placed.filter { buffers[$0].overlaps(buffer) && buffers[$0].size > 0 }
                .sorted { offsets[$0] < offsets[$1] }
            var offset = 0
            for other in conflicts {
                if offset + buffer.size <= offsets[other] { break }
                offset = max(offset, round(offsets[other] + buffers[other].size, to: alignment))
            }
            offsets[index] = offset
            placed.append(index)
            size = max(size, offset + buffer.size)
        }
        return Layout(offsets: offsets, size: round(size, to: alignment))
    }

    /// Checks a layout: every pair of buffers whose lifetimes overlap occupies disjoint
    /// elements. Used by tests and asserted by the plan.
    public static func isValid(_ layout: Layout, for buffers: [Buffer]) -> Bool {
        guard layout.offsets.count == buffers.count else { return false }
        for i in buffers.indices {
            let a = layout.offsets[i]
            guard a >= 0, a + buffers[i].size <= layout.size else { return false }
            for j in buffers.indices where j > i && buffers[i].overlaps(buffers[j]) {
                let b = layout.offsets[j]
                if buffers[i].size > 0 && buffers[j].size > 0 && a < b + buffers[j].size && b < a + buffers[i].size {
                    return false
                }
            }
        }
        return true
    }

    private static func round(_ value: Int, to alignment: Int) -> Int {
        (value + alignment - 1) / alignment * alignment
    }
}
