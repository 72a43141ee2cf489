import Dispatch
import EdgeIO
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A one-way "stop" flag the source polls between frames; SIGINT and SIGTERM can set it.
///
/// Stopping ends the source only: frames in flight drain through the pipeline, logs are
/// flushed and the summary printed, as an always-on device shuts down cleanly.
public final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func stop() { flag.store(true, ordering: .relaxed) }
    public var isStopped: Bool { flag.load(ordering: .relaxed) }

    /// Routes SIGINT and SIGTERM to ``stop()``; a second signal exits at once with status 130.
    /// Keep the returned object alive for the process's life (it is `self`).
    public func installSignalHandlers() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                if isStopped {
                    StandardError.write("\nsecond signal: exiting without draining\n")
                    exit(130)
                }
                stop()
                StandardError.write("\nstopping: draining frames in flight...\n")
            }
            source.resume()
            installedSignalSources.append(source)
        }
    }
}

/// Keeps the dispatch sources alive; only written by `installSignalHandlers`, called once at
/// start-up from the main task.
nonisolated(unsafe) private var installedSignalSources: [any DispatchSourceSignal] = []
