import EdgeIO

/// A one-line progress counter on stderr, shown only when stderr is a terminal.
struct ProgressCounter {
    let total: Int
    private let enabled = StandardError.isTerminal

    init(total: Int) { self.total = total }

    func update(_ done: Int) {
        guard enabled, done == total || done % 50 == 0 else { return }
        StandardError.write("\r\(done)/\(total)")
    }

    func finish() {
        if enabled { StandardError.write("\r\u{1B}[K") }
    }
}
