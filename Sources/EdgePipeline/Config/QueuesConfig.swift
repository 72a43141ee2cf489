/// The queues in front of preprocess and inference. (The sink has none: stages call it
/// directly and wait while it is busy, so every frame reaches it.)
public struct QueuesConfig: Sendable {
    public var preprocess = QueueConfig(capacity: 32, policy: .block)
    public var inference = QueueConfig(capacity: 32, policy: .block)
    public init() {}
}
