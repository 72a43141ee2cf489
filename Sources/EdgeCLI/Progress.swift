#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress counter on stderr, shown only when stderr is a terminal.
struct Progress {
    let total: Int
    private let enabled = isatty(2) != 0

    init(total: Int) { self.total = total }

    func update(_ done: Int) {
        guard enabled, done == total || done % 50 == 0 else { return }
        writeToStandardError("\r\(done)/\(total)")
    }

    func finish() {
        if enabled { writeToStandardError("\r\u{1B}[K") }
    }
}

/// Writes `text` to file descriptor 2 unbuffered.
func writeToStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}
