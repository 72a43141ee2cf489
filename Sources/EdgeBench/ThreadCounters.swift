#if canImport(Glibc)
    import Glibc
#endif

/// What the operating system did to the calling thread, from `getrusage(RUSAGE_THREAD)`:
/// the counters that tell a tail caused by the host (the thread switched out) from one caused
/// by the engine (a page fault, a lazy allocation).
public struct ThreadCounters: Sendable, Equatable {
    /// Context switches the scheduler forced (another task took the core).
    public var involuntarySwitches: Int
    /// Context switches the thread asked for (it blocked or yielded).
    public var voluntarySwitches: Int
    /// Minor plus major page faults.
    public var pageFaults: Int

    public init(involuntarySwitches: Int = 0, voluntarySwitches: Int = 0, pageFaults: Int = 0) {
        self.involuntarySwitches = involuntarySwitches
        self.voluntarySwitches = voluntarySwitches
        self.pageFaults = pageFaults
    }

    /// The calling thread's counters now (all zero where the OS has no per-thread usage).
    @inline(__always)
    public static func now() -> ThreadCounters {
        #if canImport(Glibc)
            var usage = rusage()
            guard getrusage(__rusage_who_t(1), &usage) == 0 else { return ThreadCounters() }  // RUSAGE_THREAD
            return ThreadCounters(
                involuntarySwitches: usage.ru_nivcsw, voluntarySwitches: usage.ru_nvcsw,
                pageFaults: usage.ru_minflt + usage.ru_majflt)
        #else
            return ThreadCounters()
        #endif
    }

    public static func - (a: ThreadCounters, b: ThreadCounters) -> ThreadCounters {
        ThreadCounters(
            involuntarySwitches: a.involuntarySwitches - b.involuntarySwitches,
            voluntarySwitches: a.voluntarySwitches - b.voluntarySwitches, pageFaults: a.pageFaults - b.pageFaults)
    }

    public static func += (a: inout ThreadCounters, b: ThreadCounters) {
        a.involuntarySwitches += b.involuntarySwitches
        a.voluntarySwitches += b.voluntarySwitches
        a.pageFaults += b.pageFaults
    }

    /// True when the thread was switched out, for whatever reason.
    public var switched: Bool { involuntarySwitches > 0 || voluntarySwitches > 0 }
}
