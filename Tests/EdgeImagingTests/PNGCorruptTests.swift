import EdgeTensor
import Testing

@testable import EdgeImaging

/// Corrupt input throws a typed `PNGError` carrying libpng's message and the path; none crashes.
@Suite("PNG corrupt input")
struct PNGCorruptTests {
    let path = "bad/digit.png"
    let valid: [UInt8] = {
        var generator = SplitMix64(seed: 7)
        let image = Image(
            width: 28, height: 28, format: .gray,
            pixels: (0..<784).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return try! PNGCodec.encode(image)
    }()

    func failure(_ bytes: [UInt8], options: PNGDecodeOptions = .init()) -> PNGError? {
        do {
            _ = try PNGCodec.decode(bytes, options: options, path: path)
            return nil
        } catch {
            return error
        }
    }

    func expect(
        _ bytes: [UInt8], _ kind: PNGError.Kind, reason: String, mentions text: String,
        options: PNGDecodeOptions = .init(), sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let error = failure(bytes, options: options) else {
            Issue.record("decoded without error, expected \(kind)", sourceLocation: sourceLocation)
            return
        }
        #expect(error.kind == kind, sourceLocation: sourceLocation)
        #expect(error.reason == reason, sourceLocation: sourceLocation)
        #expect(error.path == path, sourceLocation: sourceLocation)
        #expect(error.description.hasPrefix(path + ": "), sourceLocation: sourceLocation)
        #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
        #expect(error.message.contains(text), "message: \(error.message)", sourceLocation: sourceLocation)
    }

    @Test("the untouched PNG decodes")
    func control() {
        #expect(failure(valid) == nil)
    }

    @Test("empty file")
    func empty() {
        expect([], .empty, reason: "empty_file", mentions: "0 bytes")
        #expect(failure([])!.description == "bad/digit.png: empty file: the file has 0 bytes")
    }

    @Test("not a PNG")
    func notPNG() {
        expect(Array("GIF89a, not a PNG at all".utf8), .notPNG, reason: "not_png", mentions: "signature")
        expect(
            [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46], .notPNG, reason: "not_png", mentions: "signature"
        )
        expect([0x89, 0x50], .truncated, reason: "truncated", mentions: "signature")  // a PNG cut after 2 bytes
    }

    @Test("truncated anywhere", arguments: [5, 20, 40, 200, 500])
    func truncated(keep: Int) {
        expect(Array(valid.prefix(keep)), .truncated, reason: "truncated", mentions: "data ends after")
    }

    @Test("truncated before IEND")
    func missingEnd() {
        let end = PNGBytes.chunk(valid, "IEND")
        expect(Array(valid.prefix(end.offset)), .truncated, reason: "truncated", mentions: "data ends after")
        expect(Array(valid.dropLast(1)), .truncated, reason: "truncated", mentions: "data ends after")
    }

    @Test("bad CRC in IDAT and in IHDR")
    func badCRC() {
        var bytes = valid
        let idat = PNGBytes.chunk(bytes, "IDAT")
        bytes[idat.dataRange.upperBound + 1] ^= 0x10  // the stored CRC itself: data intact, CRC wrong
        expect(bytes, .badCRC, reason: "corrupt_png", mentions: "IDAT: CRC error")
        var header = valid
        header[PNGBytes.chunk(header, "IHDR").dataRange.lowerBound + 3] ^= 0x01
        expect(header, .badCRC, reason: "corrupt_png", mentions: "IHDR: CRC error")
    }

    @Test("bad zlib stream with a valid CRC")
    func badZlib() {
        var header = valid  // zlib header byte: "incorrect header check"
        let idat = PNGBytes.chunk(header, "IDAT")
        header[idat.dataRange.lowerBound] = 0x12
        PNGBytes.fixCRC(&header, idat)
        expect(header, .badCompression, reason: "corrupt_png", mentions: "IDAT")
        var block = valid  // first deflate block type 3 (reserved): "invalid block type"
        block[idat.dataRange.lowerBound + 2] |= 0x06
        PNGBytes.fixCRC(&block, idat)
        expect(block, .badCompression, reason: "corrupt_png", mentions: "invalid block type")
    }

    @Test("absurd dimensions are refused before allocating")
    func absurdDimensions() {
        let ihdr = PNGBytes.chunk(valid, "IHDR")
        func withSize(_ width: UInt32, _ height: UInt32) -> [UInt8] {
            var bytes = valid
            PNGBytes.putUInt32(&bytes, at: ihdr.dataRange.lowerBound, width)
            PNGBytes.putUInt32(&bytes, at: ihdr.dataRange.lowerBound + 4, height)
            PNGBytes.fixCRC(&bytes, ihdr)
            return bytes
        }
        expect(withSize(100_000, 100_000), .tooLarge, reason: "too_large", mentions: "10000000000 pixels")
        expect(withSize(0x7FFF_FFFF, 0x7FFF_FFFF), .tooLarge, reason: "too_large", mentions: "above the limit")
        expect(withSize(0x8000_0000, 28), .invalid, reason: "corrupt_png", mentions: "out of range")
        expect(withSize(0, 28), .invalid, reason: "corrupt_png", mentions: "IHDR")
        expect(
            valid, .tooLarge, reason: "too_large", mentions: "28x28 = 784 pixels, above the limit of 783",
            options: .init(maxPixels: 783))
        #expect(failure(valid, options: .init(maxPixels: 784)) == nil)
    }

    @Test("unreadable files name their path")
    func unreadable() {
        for path in ["/nonexistent/digit.png", "/tmp"] {
            do {
                _ = try PNGCodec.decode(contentsOf: path)
                Issue.record("expected an error for \(path)")
            } catch {
                #expect(error.kind == .unreadable && error.reason == "unreadable")
                #expect(error.description.hasPrefix(path + ": cannot read file: "))
            }
        }
    }

    @Test("random damage never crashes: a result or a typed error")
    func fuzz() {
        var generator = SplitMix64(seed: 2024)
        var failures = 0
        for _ in 0..<300 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[at] = UInt8.random(in: 0...255, using: &generator)
            }
            if Bool.random(using: &generator) { bytes.removeLast(Int.random(in: 0..<bytes.count, using: &generator)) }
            if let error = failure(bytes) {
                failures += 1
                #expect(!error.message.isEmpty)
            }
        }
        #expect(failures > 200)  // almost every damaged file is caught (CRCs cover every chunk)
    }
}
