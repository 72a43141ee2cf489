/// Recomputes the CRC of every chunk of PNG bytes, so the fuzzer's mutations inside a chunk get
/// past libpng's CRC check to the code behind it (libpng is not instrumented, so coverage alone
/// would never teach the fuzzer to fix a CRC).
enum PNGChunkCRC {
    /// `bytes` with each complete chunk's CRC recomputed, or nil when there is no PNG signature
    /// or nothing changed. A trailing partial chunk is left as it is.
    static func repaired(_ bytes: [UInt8]) -> [UInt8]? {
        guard hasSignature(bytes) else { return nil }
        var out = bytes
        var changed = false
        var position = 8
        while position + 12 <= out.count {
            let length = out[position..<position + 4].reduce(0) { $0 << 8 | Int($1) }
            let end = position + 8 + length  // end of the chunk data; the CRC follows
            guard length <= 0x7fff_ffff, end + 4 <= out.count else { break }
            let crc = checksum(out[(position + 4)..<end])
            for k in 0..<4 {
                let byte = UInt8(truncatingIfNeeded: crc >> (24 - 8 * k))
                if out[end + k] != byte {
                    out[end + k] = byte
                    changed = true
                }
            }
            position = end + 4
        }
        return changed ? out : nil
    }

    /// Whether `bytes` start with the 8-byte PNG signature.
    static func hasSignature(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 8 && bytes[0..<8].elementsEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    }

    /// CRC-32 (ISO 3309, as PNG uses it) of `bytes`.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8)
        }
        return crc ^ 0xffff_ffff
    }

    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xedb8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }
}
