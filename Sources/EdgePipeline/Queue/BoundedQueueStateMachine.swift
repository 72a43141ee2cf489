/// The policy logic of a bounded queue as a pure value type: every method changes the state and
/// returns an action for the caller to perform (resume a waiter, report a drop, suspend).
///
/// It knows nothing about tasks or locks, so each policy and capacity edge case is testable
/// with plain values. `ProducerWaiter` and `ConsumerWaiter` are whatever the caller uses to wake
/// a suspended side (continuations in ``BoundedQueue``, integers in tests).
///
/// Invariants: the buffer holds at most `capacity` elements; consumers wait only while the
/// buffer is empty; producers wait (policy `block` only) only while the buffer is full.
struct BoundedQueueStateMachine<Element, ProducerWaiter, ConsumerWaiter> {
    /// What a push asks the caller to do.
    enum PushAction {
        /// The element was stored; nothing to do.
        case enqueued
        /// A waiting consumer takes the element directly: resume it with `[element]`.
        case resumeConsumer(ConsumerWaiter, [Element])
        /// The element could not be taken (policy `dropNewest`, or the queue is finished).
        case dropped(Element)
        /// The element was stored and the oldest one evicted (policy `dropOldest`).
        case evicted(Element)
        /// The queue is full and the policy is `block`: call `suspendProducer` with a waiter.
        case suspend
    }

    /// What a pop asks the caller to do.
    enum PopAction {
        /// Deliver `elements` (oldest first) and resume `producers`, whose elements moved into the buffer.
        case elements([Element], resumeProducers: [ProducerWaiter])
        /// The queue is finished and empty: the consumer is done.
        case finished
        /// Nothing to take: call `suspendConsumer` with a waiter.
        case suspend
    }

    let capacity: Int
    let policy: QueuePolicy
    /// Blocked producers are resumed only once the buffer has drained to this many elements,
    /// so a producer ahead of its consumer wakes once per burst instead of once per element.
    let resumeThreshold: Int
    private(set) var buffer: RingBuffer<Element>
    private var waitingProducers: [(ProducerWaiter, Element)] = []
    private var waitingConsumers: [ConsumerWaiter] = []
    private(set) var isFinished = false

    /// A queue that holds at most `capacity` (>= 1) elements and applies `policy` when full.
    /// Blocked producers resume when the buffer holds `resumeThreshold` elements or fewer
    /// (default: half the capacity).
    init(capacity: Int, policy: QueuePolicy, resumeThreshold: Int? = nil) {
        precondition(capacity >= 1, "queue capacity must be at least 1")
        self.capacity = capacity
        self.policy = policy
        self.resumeThreshold = min(max(resumeThreshold ?? capacity / 2, 0), capacity - 1)
        buffer = RingBuffer(capacity: capacity)
    }

    var count: Int { buffer.count }
    var waitingProducerCount: Int { waitingProducers.count }
    var waitingConsumerCount: Int { waitingConsumers.count }

    /// Offers `element` to the queue.
    mutating func push(_ element: Element) -> PushAction {
        if isFinished { return .dropped(element) }
        if !waitingConsumers.isEmpty {
            return .resumeConsumer(waitingConsumers.removeFirst(), [element])
        }
        if !buffer.isFull {
            buffer.append(element)
            return .enqueued
        }
        switch policy {
        case .block:
            return .suspend
        case .dropNewest:
            return .dropped(element)
        case .dropOldest:
            let oldest = buffer.popFirst()!
            buffer.append(element)
            return .evicted(oldest)
        }
    }

    /// Parks a producer that got `.suspend`; re-checks the state, since it may have changed
    /// between `push` and this call. Returns the push action to perform instead of waiting,
    /// or nil when the producer now waits and will be resumed by a later pop or `finish`.
    mutating func suspendProducer(_ waiter: ProducerWaiter, element: Element) -> PushAction? {
        let action = push(element)
        if case .suspend = action {
            waitingProducers.append((waiter, element))
            return nil
        }
        return action
    }

    /// Takes up to `maxCount` (>= 1) elements, oldest first.
    mutating func pop(maxCount: Int) -> PopAction {
        precondition(maxCount >= 1, "pop at least one element")
        if buffer.isEmpty {
            // A waiting producer with an empty buffer cannot happen: capacity >= 1.
            return isFinished ? .finished : .suspend
        }
        let batch = buffer.popFirst(upTo: maxCount)
        var resumed: [ProducerWaiter] = []
        if buffer.count > resumeThreshold && !isFinished { return .elements(batch, resumeProducers: []) }
        while !waitingProducers.isEmpty && !buffer.isFull {
            let (waiter, element) = waitingProducers.removeFirst()
            buffer.append(element)
            resumed.append(waiter)
        }
        return .elements(batch, resumeProducers: resumed)
    }

    /// Parks a consumer that got `.suspend`; returns the pop action to perform instead of
    /// waiting, or nil when the consumer now waits for the next push or `finish`.
    mutating func suspendConsumer(_ waiter: ConsumerWaiter, maxCount: Int) -> PopAction? {
        let action = pop(maxCount: maxCount)
        if case .suspend = action {
            waitingConsumers.append(waiter)
            return nil
        }
        return action
    }

    /// Closes the queue to new elements. Queued elements stay poppable; waiting consumers are
    /// returned to be resumed with "finished"; producers still blocked keep their place and
    /// deliver their elements as consumers pop.
    mutating func finish() -> [ConsumerWaiter] {
        isFinished = true
        defer { waitingConsumers.removeAll() }
        return waitingConsumers
    }
}
