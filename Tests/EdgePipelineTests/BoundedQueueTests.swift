import Testing

@testable import EdgePipeline

/// The async facade: ordering, backpressure and completion with real tasks.
@Suite struct BoundedQueueTests {
    @Test func blockPolicyDeliversEverythingInOrder() async {
        let queue = BoundedQueue<Int>(capacity: 3, policy: .block)
        let producer = Task {
            for i in 0..<500 {
                if case .dropped = await queue.push(i) { Issue.record("block never drops") }
            }
            queue.finish()
        }
        var received: [Int] = []
        while let batch = await queue.pop(maxCount: 7) {
            #expect(batch.count <= 7)
            received += batch
        }
        await producer.value
        #expect(received == Array(0..<500))
    }

    @Test func manyConsumersShareWithoutLoss() async {
        let queue = BoundedQueue<Int>(capacity: 4, policy: .block)
        let consumers = (0..<3).map { _ in
            Task { () -> [Int] in
                var got: [Int] = []
                while let batch = await queue.pop(maxCount: 2) { got += batch }
                return got
            }
        }
        for i in 0..<300 { _ = await queue.push(i) }
        queue.finish()
        var all: [Int] = []
        for c in consumers { all += await c.value }
        #expect(all.sorted() == Array(0..<300))
    }

    @Test func dropPoliciesAccountForEveryElement() async {
        for policy in [QueuePolicy.dropOldest, .dropNewest] {
            let queue = BoundedQueue<Int>(capacity: 2, policy: policy)
            var dropped: [Int] = []
            for i in 0..<10 {
                if case .dropped(let d) = await queue.push(i) { dropped.append(d) }
            }
            queue.finish()
            var kept: [Int] = []
            while let batch = await queue.pop(maxCount: 10) { kept += batch }
            #expect(kept.count + dropped.count == 10)
            #expect(kept == (policy == .dropOldest ? [8, 9] : [0, 1]))
        }
    }
}
