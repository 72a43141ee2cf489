import EdgeIO

#if canImport(Glibc)
    import Glibc
#endif

/// Facts about the machine and build a benchmark ran on, stamped on every result.
public enum HostInfo {
    /// The CPU's model name from `/proc/cpuinfo` (`"unknown"` where there is none).
    public static let cpuModel: String = {
        guard let bytes = try? FileSystem.read("/proc/cpuinfo", limit: 4 << 20) else { return "unknown" }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return String(line[line.index(after: colon)...].drop(while: { $0 == " " || $0 == "\t" }))
            }
        }
        return "unknown"
    }()
}

extension HostInfo {
    /// CPU time the hypervisor gave to other guests while this one wanted it ("steal", the 8th
    /// figure of `/proc/stat`'s `cpu` line), summed over all CPUs, in clock ticks; nil where
    /// there is no `/proc/stat`.
    public static func stealTicks() -> UInt64? {
        guard let bytes = try? FileSystem.read("/proc/stat", limit: 1 << 20),
            let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first, line.hasPrefix("cpu ")
        else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        return fields.count >= 8 ? fields[7] : nil
    }

    /// Clock ticks per second of `/proc/stat` (USER_HZ).
    public static let ticksPerSecond: Double = {
        let hz = sysconf(Int32(_SC_CLK_TCK))
        return hz > 0 ? Double(hz) : 100
    }()

    /// The CPUs this process may run on.
    public static let onlineCPUs: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
