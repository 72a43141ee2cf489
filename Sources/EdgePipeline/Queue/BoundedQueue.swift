/// A bounded multi-producer, multi-consumer async queue with a full-queue policy; the link
/// between two pipeline stages.
///
/// A thin facade over ``BoundedQueue/Storage`` (the lock and the suspended tasks) and
/// ``BoundedQueueStateMachine`` (the policy logic). Consumers take elements in batches: one
/// suspension per batch instead of one per element is what keeps the per-frame hop cost low
/// when a stage falls behind. Not cancellation-aware: the pipeline ends a queue with ``finish()``.
public struct BoundedQueue<Element: Sendable>: Sendable {
    /// What happened to a pushed element.
    public enum PushResult: Sendable {
        /// The element is queued (or was handed to a waiting consumer).
        case accepted
        /// An element left the queue unprocessed: the pushed one (`dropNewest`, or the queue
        /// was finished) or the evicted oldest one (`dropOldest`). The caller accounts for it.
        case dropped(Element)
    }

    let storage: Storage

    /// A queue holding at most `capacity` (>= 1) elements, applying `policy` when full.
    public init(capacity: Int, policy: QueuePolicy) {
        storage = Storage(capacity: capacity, policy: policy)
    }

    /// The capacity given at creation.
    public var capacity: Int { storage.capacity }
    /// The full-queue policy given at creation.
    public var policy: QueuePolicy { storage.policy }

    /// Pushes `element`; with policy `block` this suspends while the queue is full.
    public func push(_ element: Element) async -> PushResult {
        await storage.push(element)
    }

    /// Takes up to `maxCount` queued elements (oldest first), suspending while the queue is
    /// empty. Returns nil once the queue is finished and drained.
    public func pop(maxCount: Int) async -> [Element]? {
        await storage.pop(maxCount: maxCount)
    }

    /// Closes the queue: later pushes are dropped, consumers drain what is queued, then get nil.
    public func finish() {
        storage.finish()
    }

    /// Elements currently queued (a snapshot, for progress output).
    public var count: Int { storage.count }
}
