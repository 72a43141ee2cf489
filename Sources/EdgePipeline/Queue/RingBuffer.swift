/// A fixed-capacity FIFO ring buffer; the storage of a bounded queue.
///
/// Never grows past the capacity given at creation, so a queue's memory stays flat.
struct RingBuffer<Element> {
    private var slots: [Element?]
    private var head = 0
    private(set) var count = 0

    /// An empty buffer that holds at most `capacity` (>= 1) elements.
    init(capacity: Int) {
        precondition(capacity >= 1, "ring buffer capacity must be at least 1")
        slots = Array(repeating: nil, count: capacity)
    }

    var capacity: Int { slots.count }
    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count == slots.count }

    /// Appends `element`; the buffer must not be full.
    mutating func append(_ element: Element) {
        precondition(!isFull, "append to a full ring buffer")
        slots[(head + count) % slots.count] = element
        count += 1
    }

    /// Removes and returns the oldest element, or nil when empty.
    mutating func popFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = slots[head].take()
        head = (head + 1) % slots.count
        count -= 1
        return element
    }

    /// Removes and returns up to `maxCount` oldest elements, oldest first.
    mutating func popFirst(upTo maxCount: Int) -> [Element] {
        let n = min(maxCount, count)
        var out: [Element] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(popFirst()!) }
        return out
    }
}
