import EdgeIO

#if canImport(Glibc)
    import Glibc
#endif

/// The calling thread's scheduling, and the real-time mode an always-on device gives its
/// inference thread: `SCHED_FIFO` (no ordinary task preempts it) and memory locked (no page of
/// the process is paged out or faulted in lazily).
public enum ThreadScheduling {
    /// The priority `--realtime` asks for: mid-range of SCHED_FIFO's 1...99, below the kernel's
    /// own threads.
    public static let realtimePriority: Int32 = 50

    /// The calling thread's policy as the report names it: `other`, `batch`, `idle`, `fifo:P` or
    /// `rr:P`.
    public static func current() -> String {
        #if canImport(Glibc)
            let policy = sched_getscheduler(0)
            var param = sched_param()
            _ = sched_getparam(0, &param)
            switch policy {
            case SCHED_FIFO: return "fifo:\(param.sched_priority)"
            case SCHED_RR: return "rr:\(param.sched_priority)"
            case 3: return "batch"  // SCHED_BATCH
            case 5: return "idle"  // SCHED_IDLE
            default: return "other"
            }
        #else
            return "other"
        #endif
    }

    /// Makes the calling thread `SCHED_FIFO` at `priority` and locks the process's memory.
    /// - Throws: ``BenchError`` naming the call that failed and what it needs (root or
    ///   CAP_SYS_NICE / CAP_IPC_LOCK); nothing is changed when the first call fails.
    public static func makeRealtime(priority: Int32 = realtimePriority) throws(BenchError) {
        #if canImport(Glibc)
            var param = sched_param()
            param.sched_priority = priority
            if sched_setscheduler(0, SCHED_FIFO, &param) != 0 {
                let reason = String(cString: strerror(errno))
                throw BenchError(
                    "--realtime: sched_setscheduler(SCHED_FIFO, \(priority)) failed: \(reason) "
                        + "(needs root or CAP_SYS_NICE; run without --realtime)")
            }
            if mlockall(Int32(MCL_CURRENT | MCL_FUTURE)) != 0 {
                let reason = String(cString: strerror(errno))
                throw BenchError(
                    "--realtime: mlockall failed: \(reason) (needs root, CAP_IPC_LOCK or a higher RLIMIT_MEMLOCK)")
            }
        #else
            throw BenchError("--realtime: needs Linux (SCHED_FIFO and mlockall)")
        #endif
    }

    /// True when the process's memory is locked (`VmLck` in /proc/self/status is not zero).
    public static var memoryLocked: Bool {
        guard let bytes = try? FileSystem.read("/proc/self/status", limit: 1 << 20) else { return false }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("VmLck:") {
            return line.dropFirst(6).contains { ("1"..."9").contains($0) }
        }
        return false
    }
}
