import EdgeIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One self-updating status line on stderr (frames, fps, drops, failures), drawn at most
/// every 250 ms, and only when stderr is a terminal.
final class ProgressLine {
    private let enabled: Bool
    private var lastDraw: UInt64 = 0
    private var lastFrames = 0
    private var drawn = false

    init(enabled: Bool = StandardError.isTerminal) {
        self.enabled = enabled
    }

    func update(_ counts: RunCounts, now: UInt64) {
        guard enabled, now - lastDraw >= 250_000_000 else { return }
        let seconds = lastDraw == 0 ? 0 : Double(now - lastDraw) / 1e9
        let fps = seconds > 0 ? Double(counts.received - lastFrames) / seconds : 0
        lastDraw = now
        lastFrames = counts.received
        let line =
            "\r\u{1B}[K  \(counts.received) frames  \(Int(fps.rounded())) fps  predicted \(counts.predicted)  failed \(counts.failed)  dropped \(counts.dropped)"
        StandardError.write(line)
        drawn = true
    }

    /// Erases the line.
    func clear() {
        guard enabled, drawn else { return }
        StandardError.write("\r\u{1B}[K")
    }
}
