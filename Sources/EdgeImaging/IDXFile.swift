import EdgeIO
import EdgeTensor

/// An IDX file (the MNIST container format) of unsigned bytes.
///
/// Layout: two zero bytes, a type byte (`0x08` = unsigned byte), a dimension count `n`, then `n`
/// big-endian 32-bit sizes, then the elements in row-major order. `idx3` image files have
/// dimensions `[count, rows, columns]`; `idx1` label files `[count]`.
public struct IDXFile: Sendable, Equatable {
    /// Sizes of each dimension, outermost first.
    public let dimensions: [Int]
    /// All elements, row-major.
    public let data: [UInt8]

    /// Number of items: the first dimension.
    public var count: Int { dimensions.first ?? 0 }
    /// Elements per item: the product of the other dimensions.
    public var itemSize: Int { dimensions.dropFirst().reduce(1, *) }  // checked when parsed

    public init(dimensions: [Int], data: [UInt8]) {
        precondition(CheckedSize.product(dimensions) == data.count, "\(data.count) bytes for dimensions \(dimensions)")
        self.dimensions = dimensions
        self.data = data
    }

    /// Parses IDX bytes.
    /// - Parameter path: names the data in errors.
    /// - Throws: `IDXError` for a wrong magic number, an element type other than unsigned
    ///   byte, a file shorter (`.truncated`) or longer (`.trailingBytes`) than its header says.
    public init(parsing bytes: [UInt8], path: String = "<memory>") throws(IDXError) {
        guard bytes.count >= 4 else {
            throw IDXError(
                .truncated, path: path, message: "truncated IDX file: \(bytes.count) bytes, the header needs at least 4"
            )
        }
        guard bytes[0] == 0, bytes[1] == 0, bytes[3] >= 1 else {
            let magic = bytes.prefix(4).map { hex($0) }.joined()
            throw IDXError(.wrongMagic, path: path, message: "wrong magic number 0x\(magic): not an IDX file")
        }
        guard bytes[2] == 0x08 else {
            throw IDXError(
                .unsupportedType, path: path,
                message: "IDX element type 0x\(hex(bytes[2])) is not supported (only 0x08, unsigned byte)")
        }
        let rank = Int(bytes[3])
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else {
            throw IDXError(
                .truncated, path: path,
                message:
                    "truncated IDX file: \(bytes.count) bytes, the header of \(rank) dimensions needs \(headerSize)")
        }
        var dimensions = [Int]()
        for axis in 0..<rank {
            let at = 4 + 4 * axis
            dimensions.append(
                Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]))
        }
        let expected: Int
        do {
            expected = try CheckedSize.count(dimensions, of: "IDX dimensions")
        } catch {
            throw IDXError(.truncated, path: path, message: "\(error.description): impossibly large")
        }
        let available = bytes.count - headerSize
        guard available >= expected else {
            throw IDXError(
                .truncated, path: path,
                message: "truncated IDX file: dimensions \(dimensions) need \(expected) data bytes, found \(available)")
        }
        guard available == expected else {
            throw IDXError(
                .trailingBytes, path: path,
                message:
                    "IDX file has \(available - expected) bytes after the \(expected) its dimensions \(dimensions) describe"
            )
        }
        self.dimensions = dimensions
        self.data = Array(bytes[headerSize...])
    }

    /// Reads and parses the IDX file at `path`.
    /// - Throws: `IDXError` (`.unreadable` when the file cannot be read).
    public init(contentsOf path: String) throws(IDXError) {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path)
        } catch {
            throw IDXError(.unreadable, path: path, message: "cannot read IDX file: \(error.reason)")
        }
        try self.init(parsing: bytes, path: path)
    }

    /// The file's bytes: header then data.
    public func serialized() -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for size in dimensions {
            bytes += [
                UInt8(truncatingIfNeeded: size >> 24), UInt8(truncatingIfNeeded: size >> 16),
                UInt8(truncatingIfNeeded: size >> 8), UInt8(truncatingIfNeeded: size),
            ]
        }
        return bytes + data
    }
}

private func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16)
    return digits.count == 1 ? "0" + digits : digits
}
