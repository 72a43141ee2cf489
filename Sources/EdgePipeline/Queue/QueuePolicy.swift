/// What a bounded queue does with a new element when it is full.
public enum QueuePolicy: String, Sendable, CaseIterable, Codable {
    /// The producer waits until the consumer makes room (backpressure).
    case block
    /// The oldest queued element is dropped to make room for the new one.
    case dropOldest
    /// The new element is dropped; the queue keeps what it has.
    case dropNewest
}
