import EdgeIO

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
