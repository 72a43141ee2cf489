#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Nanoseconds from a monotonic clock; the time base of every frame timestamp.
public enum MonotonicClock {
    /// Current monotonic time in nanoseconds (~20 ns to read).
    @inline(__always)
    public static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// CPU time (user + system) this process has used so far, nanoseconds, all threads.
    public static func processCPUTime() -> UInt64 {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func ns(_ t: timeval) -> UInt64 { UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_usec) * 1000 }
        return ns(usage.ru_utime) + ns(usage.ru_stime)
    }

    /// Sleeps until monotonic time `deadline` (ns); returns at once if it has passed.
    public static func sleep(until deadline: UInt64) async {
        let now = now()
        guard deadline > now else { return }
        try? await Task.sleep(for: .nanoseconds(Int64(deadline - now)))
    }
}
