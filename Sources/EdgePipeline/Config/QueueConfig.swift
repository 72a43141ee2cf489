/// Capacity and policy of one queue.
public struct QueueConfig: Sendable, Equatable {
    public var capacity: Int
    public var policy: QueuePolicy
    public init(capacity: Int, policy: QueuePolicy) {
        self.capacity = capacity
        self.policy = policy
    }
}
