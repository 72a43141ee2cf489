import EdgeIO

/// A one-line progress counter on stderr, shown only when stderr is a terminal.
struct ProgressCounter {
    let total: Int
    /// Updates are drawn when `done` is a multiple of this (and at the end).
    let every: Int
    private let enabled = StandardError.isTerminal

    init(total: Int, every: Int = 50) {
        self.total = total
        self.every = every
    }

    func update(_ done: Int) {
        guard enabled, done == total || done % every == 0 else { return }
        StandardError.write("\r\(done)/\(total)")
    }

    func finish() {
        if enabled { StandardError.write("\r\u{1B}[K") }
    }
}
