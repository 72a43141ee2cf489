import Testing

@testable import EdgePipeline

/// Policy logic of the queue, tested as plain values: waiters are integers.
@Suite struct BoundedQueueStateMachineTests {
    typealias Machine = BoundedQueueStateMachine<Int, Int, Int>

    private func batch(_ action: Machine.PopAction) -> ([Int], [Int])? {
        if case .elements(let e, let p) = action { return (e, p) }
        return nil
    }

    @Test func enqueuesUntilFullThenBlocks() {
        var m = Machine(capacity: 2, policy: .block, resumeThreshold: 1)
        guard case .enqueued = m.push(1), case .enqueued = m.push(2) else {
            Issue.record("expected enqueue")
            return
        }
        guard case .suspend = m.push(3) else {
            Issue.record("expected suspend when full")
            return
        }
        #expect(m.suspendProducer(100, element: 3) == nil)
        #expect(m.waitingProducerCount == 1)
        // Popping one frees a slot: the blocked producer's element moves in and it is resumed.
        let (elements, resumed) = batch(m.pop(maxCount: 1))!
        #expect(elements == [1])
        #expect(resumed == [100])
        #expect(m.count == 2)
        #expect(batch(m.pop(maxCount: 10))!.0 == [2, 3])
    }

    @Test func blockedProducersWaitForTheResumeThreshold() {
        var m = Machine(capacity: 4, policy: .block)  // threshold: 2
        for i in 1...4 { _ = m.push(i) }
        _ = m.suspendProducer(50, element: 5)
        #expect(batch(m.pop(maxCount: 1))! == ([1], []))  // 3 left: above threshold
        #expect(batch(m.pop(maxCount: 1))! == ([2], [50]))  // 2 left: resume, 5 moves in
        #expect(batch(m.pop(maxCount: 9))!.0 == [3, 4, 5])
    }

    @Test func dropNewestKeepsQueuedElements() {
        var m = Machine(capacity: 2, policy: .dropNewest)
        _ = m.push(1)
        _ = m.push(2)
        guard case .dropped(let d) = m.push(3) else {
            Issue.record("expected drop")
            return
        }
        #expect(d == 3)
        #expect(batch(m.pop(maxCount: 5))!.0 == [1, 2])
    }

    @Test func dropOldestEvictsHead() {
        var m = Machine(capacity: 3, policy: .dropOldest)
        for i in 1...3 { _ = m.push(i) }
        var evicted: [Int] = []
        for i in 4...7 {
            guard case .evicted(let e) = m.push(i) else {
                Issue.record("expected eviction")
                return
            }
            evicted.append(e)
        }
        #expect(evicted == [1, 2, 3, 4])
        #expect(batch(m.pop(maxCount: 5))!.0 == [5, 6, 7])
    }

    @Test func capacityOneEveryPolicy() {
        var block = Machine(capacity: 1, policy: .block)
        _ = block.push(1)
        guard case .suspend = block.push(2) else {
            Issue.record("block must suspend")
            return
        }
        var newest = Machine(capacity: 1, policy: .dropNewest)
        _ = newest.push(1)
        guard case .dropped(2) = newest.push(2) else {
            Issue.record("dropNewest drops 2")
            return
        }
        var oldest = Machine(capacity: 1, policy: .dropOldest)
        _ = oldest.push(1)
        guard case .evicted(1) = oldest.push(2) else {
            Issue.record("dropOldest evicts 1")
            return
        }
        #expect(batch(oldest.pop(maxCount: 1))!.0 == [2])
    }

    @Test func waitingConsumerGetsElementDirectly() {
        var m = Machine(capacity: 1, policy: .block)
        guard case .suspend = m.pop(maxCount: 4) else {
            Issue.record("empty pop suspends")
            return
        }
        #expect(m.suspendConsumer(7, maxCount: 4) == nil)
        guard case .resumeConsumer(let c, let e) = m.push(42) else {
            Issue.record("expected hand-off")
            return
        }
        #expect(c == 7 && e == [42])
        #expect(m.count == 0)
    }

    @Test func lateSuspendSeesChangedState() {
        var m = Machine(capacity: 1, policy: .block)
        // A consumer that found the queue empty, but a push landed before it parked.
        _ = m.push(9)
        guard let action = m.suspendConsumer(1, maxCount: 2), let (e, _) = batch(action) else {
            Issue.record("must not park when elements are there")
            return
        }
        #expect(e == [9])
        #expect(m.waitingConsumerCount == 0)
        // A producer that found the queue full, but a pop landed before it parked.
        _ = m.push(1)
        _ = m.pop(maxCount: 1)
        guard case .enqueued = m.suspendProducer(5, element: 2) else {
            Issue.record("must enqueue")
            return
        }
    }

    @Test func finishDrainsThenEnds() {
        var m = Machine(capacity: 4, policy: .block)
        _ = m.push(1)
        _ = m.push(2)
        #expect(m.finish().isEmpty)
        guard case .dropped(3) = m.push(3) else {
            Issue.record("push after finish is dropped")
            return
        }
        #expect(batch(m.pop(maxCount: 8))!.0 == [1, 2])
        guard case .finished = m.pop(maxCount: 1) else {
            Issue.record("expected finished")
            return
        }
    }

    @Test func finishResumesAllWaitingConsumers() {
        var m = Machine(capacity: 2, policy: .dropOldest)
        _ = m.suspendConsumer(1, maxCount: 1)
        _ = m.suspendConsumer(2, maxCount: 1)
        #expect(m.finish() == [1, 2])
        #expect(m.waitingConsumerCount == 0)
    }
}

extension BoundedQueueStateMachine.PushAction: Equatable where Element: Equatable, ConsumerWaiter: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        switch (a, b) {
        case (.enqueued, .enqueued), (.suspend, .suspend): true
        case (.dropped(let x), .dropped(let y)), (.evicted(let x), .evicted(let y)): x == y
        case (.resumeConsumer(let c1, let e1), .resumeConsumer(let c2, let e2)): c1 == c2 && e1 == e2
        default: false
        }
    }
}

extension BoundedQueueStateMachine.PopAction: Equatable where Element: Equatable, ProducerWaiter: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        switch (a, b) {
        case (.finished, .finished), (.suspend, .suspend): true
        case (.elements(let e1, let p1), .elements(let e2, let p2)): e1 == e2 && p1 == p2
        default: false
        }
    }
}
