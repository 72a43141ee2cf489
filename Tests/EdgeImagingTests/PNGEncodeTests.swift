import EdgeTensor
import Testing

@testable import EdgeImaging

@Suite("PNG encode")
struct PNGEncodeTests {
    @Test(
        "8-bit gray, gray+alpha, RGB and RGBA images round-trip",
        arguments: [Image.Format.gray, .grayAlpha, .rgb, .rgba])
    func roundTrip(format: Image.Format) throws {
        var generator = SplitMix64(seed: UInt64(format.rawValue))
        let image = Image(
            width: 37, height: 5, format: format,
            pixels: (0..<37 * 5 * format.channels).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let png = try PNGCodec.encode(image)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(try PNGCodec.decode(png, to: format) == image)
    }

    @Test("write then read a file")
    func fileRoundTrip() throws {
        let image = Repo.testSplit.image(at: 123)
        let path = Repo.temporaryPath("digit.png")
        defer { FileBytesForTests.remove(path) }
        try PNGCodec.write(image, to: path)
        #expect(try PNGCodec.decode(contentsOf: path) == image)
    }

    @Test("inconsistent raw descriptions are refused with .invalidImage")
    func invalidRaw() {
        let cases: [PNGRawImage] = [
            PNGRawImage(width: 0, height: 1, colorType: .gray, bitDepth: 8, samples: []),
            PNGRawImage(width: 2, height: 2, colorType: .rgb, bitDepth: 4, samples: [0, 0, 0, 0]),
            PNGRawImage(width: 2, height: 2, colorType: .gray, bitDepth: 8, samples: [1, 2, 3]),
            PNGRawImage(width: 2, height: 1, colorType: .palette, bitDepth: 8, samples: [0, 1]),
        ]
        for raw in cases {
            #expect(throws: PNGError.self) { try PNGCodec.encode(raw) }
            do { _ = try PNGCodec.encode(raw) } catch { #expect(error.kind == .invalidImage) }
        }
    }

    @Test("writing under a path that cannot be a folder is .unwritable and names the path")
    func unwritable() {
        let path = "/dev/null/out.png"  // missing folders are created, but not inside a device
        do {
            try PNGCodec.write(Image(width: 1, height: 1, format: .gray, pixels: [0]), to: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .unwritable && error.reason == "unwritable")
            #expect(error.description.hasPrefix(path + ": cannot write file"))
        }
    }
}
