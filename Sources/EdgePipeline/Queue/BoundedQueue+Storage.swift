import Synchronization

extension BoundedQueue {
    /// The lock-protected state of a ``BoundedQueue`` and its suspended producers and consumers.
    ///
    /// Every state change happens inside the mutex through the state machine; continuations are
    /// resumed after the lock is released.
    final class Storage: Sendable {
        typealias Producer = UnsafeContinuation<PushResult, Never>
        typealias Consumer = UnsafeContinuation<[Element]?, Never>
        typealias Machine = BoundedQueueStateMachine<Element, Producer, Consumer>

        let capacity: Int
        let policy: QueuePolicy
        private let state: Mutex<Machine>

        init(capacity: Int, policy: QueuePolicy) {
            self.capacity = capacity
            self.policy = policy
            state = Mutex(Machine(capacity: capacity, policy: policy))
        }

        var count: Int { state.withLock { $0.count } }

        func push(_ element: Element) async -> PushResult {
            let action = state.withLock { $0.push(element) }
            if case .suspend = action {
                return await withUnsafeContinuation { (producer: Producer) in
                    // nil: parked; a later pop moves the element into the buffer and resumes us.
                    if let action = state.withLock({ $0.suspendProducer(producer, element: element) }) {
                        producer.resume(returning: perform(action))
                    }
                }
            }
            return perform(action)
        }

        private func perform(_ action: Machine.PushAction) -> PushResult {
            switch action {
            case .enqueued, .suspend:
                return .accepted
            case .resumeConsumer(let consumer, let elements):
                consumer.resume(returning: elements)
                return .accepted
            case .dropped(let element), .evicted(let element):
                return .dropped(element)
            }
        }

        func pop(maxCount: Int) async -> [Element]? {
            let action = state.withLock { $0.pop(maxCount: maxCount) }
            switch action {
            case .elements(let elements, let producers):
                for producer in producers { producer.resume(returning: .accepted) }
                return elements
            case .finished:
                return nil
            case .suspend:
                return await withUnsafeContinuation { (consumer: Consumer) in
                    guard let action = state.withLock({ $0.suspendConsumer(consumer, maxCount: maxCount) }) else {
                        return
                    }
                    switch action {
                    case .elements(let elements, let producers):
                        for producer in producers { producer.resume(returning: .accepted) }
                        consumer.resume(returning: elements)
                    case .finished:
                        consumer.resume(returning: nil)
                    case .suspend:
                        preconditionFailure("suspendConsumer never asks to suspend again")
                    }
                }
            }
        }

        func finish() {
            let consumers = state.withLock { $0.finish() }
            for consumer in consumers { consumer.resume(returning: nil) }
        }
    }
}
