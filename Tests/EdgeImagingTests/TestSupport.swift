import EdgeTensor

@testable import EdgeImaging

enum Repo {
    /// The repository root, found from this file's path (Tests/EdgeImagingTests/TestSupport.swift).
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    static var mnist: String { root + "/samples/mnist" }
    static var digits: String { root + "/samples/digits" }

    /// The test split, loaded once.
    static let testSplit: MNISTDataset = {
        do { return try MNISTDataset.load(directory: mnist, split: .test) } catch { fatalError("\(error)") }
    }()

    /// A unique scratch path under /tmp.
    static func temporaryPath(_ name: String) -> String {
        "/tmp/edgeloop-imaging-tests-\(UInt64.random(in: 0...UInt64.max))-\(name)"
    }
}

/// PNG chunk surgery for the corrupt-input tests.
enum PNGBytes {
    static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func crc32<C: Collection<UInt8>>(_ bytes: C) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    struct Chunk {
        let type: String
        let offset: Int  // of the length field
        let length: Int
        var dataRange: Range<Int> { offset + 8..<offset + 8 + length }
    }

    static func chunks(_ png: [UInt8]) -> [Chunk] {
        var result = [Chunk]()
        var at = 8
        while at + 12 <= png.count {
            let length = Int(png[at]) << 24 | Int(png[at + 1]) << 16 | Int(png[at + 2]) << 8 | Int(png[at + 3])
            let type = String(decoding: png[at + 4..<at + 8], as: UTF8.self)
            result.append(Chunk(type: type, offset: at, length: length))
            at += 12 + length
        }
        return result
    }

    static func chunk(_ png: [UInt8], _ type: String) -> Chunk {
        chunks(png).first { $0.type == type }!
    }

    /// Recomputes the CRC of `chunk` after its data was edited.
    static func fixCRC(_ png: inout [UInt8], _ chunk: Chunk) {
        let crc = crc32(png[chunk.offset + 4..<chunk.offset + 8 + chunk.length])
        let at = chunk.offset + 8 + chunk.length
        png[at] = UInt8(crc >> 24)
        png[at + 1] = UInt8((crc >> 16) & 0xFF)
        png[at + 2] = UInt8((crc >> 8) & 0xFF)
        png[at + 3] = UInt8(crc & 0xFF)
    }

    static func putUInt32(_ png: inout [UInt8], at: Int, _ value: UInt32) {
        png[at] = UInt8(value >> 24)
        png[at + 1] = UInt8((value >> 16) & 0xFF)
        png[at + 2] = UInt8((value >> 8) & 0xFF)
        png[at + 3] = UInt8(value & 0xFF)
    }
}

/// Packs samples of `depth` bits (1, 2, 4, 8 or 16) into PNG rows.
func packRows(_ samples: [Int], width: Int, height: Int, channels: Int, depth: Int) -> [UInt8] {
    var out = [UInt8]()
    let perRow = width * channels
    for y in 0..<height {
        let row = samples[y * perRow..<(y + 1) * perRow]
        switch depth {
        case 16:
            for value in row { out += [UInt8(value >> 8), UInt8(value & 0xFF)] }
        case 8:
            out += row.map { UInt8($0) }
        default:
            var byte = 0
            var filled = 0
            for value in row {
                byte = byte << depth | value
                filled += depth
                if filled == 8 {
                    out.append(UInt8(byte))
                    byte = 0
                    filled = 0
                }
            }
            if filled > 0 { out.append(UInt8(byte << (8 - filled))) }
        }
    }
    return out
}

/// Reference pixel semantics, computed independently of the C shim.
enum Reference {
    static func scale16(_ value: Int) -> Int { Int((Double(value) * 255 / 65535).rounded()) }
    static func luma(_ r: Int, _ g: Int, _ b: Int) -> Int {
        Int((Double(299 * r + 587 * g + 114 * b) / 1000).rounded())
    }
    static func over(_ color: Int, alpha: Int, background: Int) -> Int {
        Int((Double(color * alpha + background * (255 - alpha)) / 255).rounded())
    }
}

/// Center of mass (x, y) of a gray image over pixel indices.
func centerOfMass(_ image: Image) -> (x: Double, y: Double) {
    var total = 0.0
    var sumX = 0.0
    var sumY = 0.0
    for y in 0..<image.height {
        for x in 0..<image.width {
            let value = Double(image.pixels[y * image.width + x])
            total += value
            sumX += Double(x) * value
            sumY += Double(y) * value
        }
    }
    return (sumX / total, sumY / total)
}

/// Bounding box (width, height) of pixels above `threshold`.
func inkExtent(_ image: Image, threshold: UInt8) -> (width: Int, height: Int)? {
    var minX = Int.max
    var maxX = -1
    var minY = Int.max
    var maxY = -1
    for y in 0..<image.height {
        for x in 0..<image.width where image.pixels[y * image.width + x] > threshold {
            minX = min(minX, x)
            maxX = max(maxX, x)
            minY = min(minY, y)
            maxY = max(maxY, y)
        }
    }
    return maxX < 0 ? nil : (maxX - minX + 1, maxY - minY + 1)
}
