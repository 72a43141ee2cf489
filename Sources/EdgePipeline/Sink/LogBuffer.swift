import EdgeIO

/// An append-only byte buffer with allocation-free number formatting, for hand-encoded logs.
struct LogBuffer {
    private(set) var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    @inline(__always) mutating func append(_ byte: UInt8) { bytes.append(byte) }

    mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends a JSON string literal (quoted, escaped).
    mutating func appendJSONString(_ s: String) {
        var escaped = ""
        JSONValue.appendQuoted(s, to: &escaped)
        append(escaped)
    }

    mutating func append(int value: Int) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            append(uint: UInt64(-value))
        } else {
            append(uint: UInt64(value))
        }
    }

    mutating func append(uint value: UInt64) {
        if value < 10 {
            append(UInt8(48 + value))
            return
        }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 {
                d[n] = UInt8(48 + v % 10)
                v /= 10
                n += 1
            }
            for i in stride(from: n - 1, through: 0, by: -1) { bytes.append(d[i]) }
        }
    }

    /// Appends `ns` as microseconds with one decimal (`1234.5`).
    mutating func append(microsecondsFromNs ns: UInt64) {
        let tenths = (ns + 50) / 100
        append(uint: tenths / 10)
        append(UInt8(ascii: "."))
        append(UInt8(48 + tenths % 10))
    }

    /// Appends a value in [0, 1] with four decimals (`0.9981`); a value outside [0, 1] is
    /// clamped and NaN is written as `null`, so a log line stays valid JSON whatever an
    /// engine returns.
    mutating func append(fraction: Float) {
        guard !fraction.isNaN else {
            append("null" as StaticString)
            return
        }
        let scaled = Int((Double(min(max(fraction, 0), 1)) * 10_000).rounded())
        append(int: scaled / 10_000)
        append(UInt8(ascii: "."))
        let frac = scaled % 10_000
        if frac < 1000 { append(UInt8(ascii: "0")) }
        if frac < 100 { append(UInt8(ascii: "0")) }
        if frac < 10 { append(UInt8(ascii: "0")) }
        append(int: frac)
    }
}
