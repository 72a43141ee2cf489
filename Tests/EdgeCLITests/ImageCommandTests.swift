import EdgeImaging
import Foundation
import Testing

@testable import EdgeCLI

/// `edge image info` and `edge image preprocess`, run as the binary, checked against the MNIST
/// IDX pixels the sample PNGs were written from.
@Suite("edge image")
struct ImageCommandTests {
    static let sampleName = "samples/digits/0000_0.png"
    static let sample = Repository.root + "/" + sampleName

    /// Test-split image 0 (the digit in 0000_0.png) from the IDX files.
    static func mnistDigit() throws -> [UInt8] {
        let test = try MNISTDataset.load(directory: Repository.root + "/samples/mnist", split: .test)
        #expect(test.count == 1000 && test.labels[0] == 0)
        return test.image(at: 0).pixels
    }

    static func jsonObject(_ text: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    static func write(_ raw: PNGRawImage, to path: String) throws {
        try Data(try PNGCodec.encode(raw)).write(to: URL(fileURLWithPath: path))
    }

    @Test("info --json on a sample digit: 28x28, 8-bit gray, not interlaced, its byte count")
    func infoJSON() throws {
        let result = try EdgeProcess.run(["image", "info", "--json", Self.sampleName])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result)")
        #expect(result.stdout.split(separator: "\n").count == 1, "one JSON object on one line")
        let object = try Self.jsonObject(result.stdout)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: Self.sample)[.size] as? Int)
        #expect(
            Set(object.keys) == [
                "file", "width", "height", "color_type", "bit_depth", "interlaced", "transparency", "alpha", "bytes",
            ])
        #expect(object["file"] as? String == Self.sampleName)
        #expect(object["width"] as? Int == 28)
        #expect(object["height"] as? Int == 28)
        #expect(object["color_type"] as? String == "gray")
        #expect(object["bit_depth"] as? Int == 8)
        #expect(object["interlaced"] as? Bool == false)
        #expect(object["transparency"] as? Bool == false)
        #expect(object["alpha"] as? Bool == false)
        #expect(object["bytes"] as? Int == size)
        #expect(size == 269)
    }

    @Test("info as text: one fact per line")
    func infoText() throws {
        let result = try EdgeProcess.run(["image", "info", Self.sampleName])
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(
            lines == [
                Self.sampleName, "size          28 x 28", "color type    gray", "bit depth     8",
                "interlace     none", "transparency  none", "bytes         269",
            ])
    }

    @Test("info on other formats: 16-bit RGB Adam7, gray+alpha, gray with tRNS; JSON escapes the path")
    func infoOtherFormats() throws {
        let folder = try TemporaryFolder(prefix: "edge-image")
        defer { folder.remove() }
        let rgbSamples = (0..<(5 * 3 * 3)).flatMap { index -> [UInt8] in [UInt8(index), UInt8(255 - index)] }
        let cases:
            [(name: String, raw: PNGRawImage, color: String, depth: Int, interlaced: Bool, tRNS: Bool, alpha: Bool)] = [
                (
                    "rgb \"16\"\\.png",
                    PNGRawImage(
                        width: 5, height: 3, colorType: .rgb, bitDepth: 16, interlaced: true, samples: rgbSamples),
                    "rgb", 16, true, false, false
                ),
                (
                    "gray-alpha.png",
                    PNGRawImage(width: 4, height: 2, colorType: .grayAlpha, bitDepth: 8, samples: Array(0..<16)),
                    "gray+alpha", 8, false, false, true
                ),
                (
                    "gray-trns.png",
                    PNGRawImage(
                        width: 8, height: 1, colorType: .gray, bitDepth: 4, samples: [0x01, 0x23, 0x45, 0x67],
                        transparentColor: [3]),
                    "gray", 4, false, true, true
                ),
            ]
        for item in cases {
            let path = folder.file(item.name)
            try Self.write(item.raw, to: path)
            let result = try EdgeProcess.run(["image", "info", "--json", path])
            #expect(result.status == 0, "\(result)")
            let object = try Self.jsonObject(result.stdout)
            #expect(object["file"] as? String == path)
            #expect(
                object["width"] as? Int == item.raw.width && object["height"] as? Int == item.raw.height, "\(item.name)"
            )
            #expect(object["color_type"] as? String == item.color, "\(item.name)")
            #expect(object["bit_depth"] as? Int == item.depth, "\(item.name)")
            #expect(object["interlaced"] as? Bool == item.interlaced, "\(item.name)")
            #expect(object["transparency"] as? Bool == item.tRNS, "\(item.name)")
            #expect(object["alpha"] as? Bool == item.alpha, "\(item.name)")
            #expect(object["bytes"] as? Int == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
        }
    }

    @Test("preprocess passes an MNIST digit through: the written PNG holds the IDX pixels")
    func preprocessPassThrough() throws {
        let folder = try TemporaryFolder(prefix: "edge-image")
        defer { folder.remove() }
        let output = folder.file("seen.png")
        let expected = try Self.mnistDigit()
        // The sample PNG is that IDX digit, so pass-through must reproduce it exactly.
        #expect(try PNGCodec.decode(contentsOf: Self.sample).pixels == expected)

        let result = try EdgeProcess.run(["image", "preprocess", Self.sampleName, "-o", output, "--json"])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result)")
        let object = try Self.jsonObject(result.stdout)
        #expect(object["outcome"] as? String == "passed_through")
        #expect(object["width"] as? Int == 28 && object["height"] as? Int == 28)
        #expect(object["output"] as? String == output)

        let info = try PNGCodec.info(contentsOf: output)
        #expect(
            info.width == 28 && info.height == 28 && info.colorType == .gray && info.bitDepth == 8 && !info.interlaced)
        let written = try PNGCodec.decode(contentsOf: output)
        #expect(written.pixels == expected)

        let text = try EdgeProcess.run(["image", "preprocess", Self.sampleName, "--output", output])
        #expect(
            text.stdout == "\(Self.sampleName) (28x28) -> \(output): already MNIST-like: passed through unchanged\n")
    }

    @Test("preprocess: the same digit inverted as 16-bit RGB gives the same 28x28 pixels")
    func preprocessFormatIndependent() throws {
        let folder = try TemporaryFolder(prefix: "edge-image")
        defer { folder.remove() }
        let expected = try Self.mnistDigit()
        // Dark ink on white paper, each gray level v stored as RGB 16-bit v*257 (exact in 8 bits).
        let samples = expected.flatMap { pixel -> [UInt8] in
            let ink = 255 - pixel
            return [UInt8](repeating: ink, count: 6)  // (ink*257) big-endian is the byte pair [ink, ink]
        }
        let input = folder.file("inverted-rgb16.png")
        try Self.write(
            PNGRawImage(width: 28, height: 28, colorType: .rgb, bitDepth: 16, interlaced: true, samples: samples),
            to: input)
        let output = folder.file("seen.png")
        let result = try EdgeProcess.run(["image", "preprocess", input, "-o", output, "--json"])
        #expect(result.status == 0, "\(result)")
        #expect(try Self.jsonObject(result.stdout)["outcome"] as? String == "passed_through")
        #expect(try PNGCodec.decode(contentsOf: output).pixels == expected)
    }

    @Test("preprocess --background: transparent paper composites onto the given gray")
    func preprocessBackground() throws {
        let folder = try TemporaryFolder(prefix: "edge-image")
        defer { folder.remove() }
        let expected = try Self.mnistDigit()
        // Black ink whose opacity is the digit: on white paper it is the inverted digit; on black, nothing.
        let input = folder.file("alpha-ink.png")
        try Self.write(
            PNGRawImage(
                width: 28, height: 28, colorType: .grayAlpha, bitDepth: 8,
                samples: expected.flatMap { [0, $0] }), to: input)
        let onWhite = folder.file("white.png")
        let onBlack = folder.file("black.png")
        let white = try EdgeProcess.run(["image", "preprocess", input, "-o", onWhite, "--json"])
        #expect(white.status == 0, "\(white)")
        #expect(try Self.jsonObject(white.stdout)["outcome"] as? String == "passed_through")
        #expect(try PNGCodec.decode(contentsOf: onWhite).pixels == expected)

        let black = try EdgeProcess.run(["image", "preprocess", input, "-o", onBlack, "--background", "0", "--json"])
        #expect(black.status == 0, "\(black)")
        #expect(try Self.jsonObject(black.stdout)["outcome"] as? String == "empty")
        #expect(try PNGCodec.decode(contentsOf: onBlack).pixels == [UInt8](repeating: 0, count: 784))
    }

    @Test("preprocess centers an off-center digit on a larger canvas, as the library does")
    func preprocessCentered() throws {
        let folder = try TemporaryFolder(prefix: "edge-image")
        defer { folder.remove() }
        let digit = try Self.mnistDigit()
        var canvas = [UInt8](repeating: 0, count: 64 * 48)
        for y in 0..<28 { for x in 0..<28 { canvas[(y + 17) * 64 + x + 33] = digit[y * 28 + x] } }
        let image = Image(width: 64, height: 48, format: .gray, pixels: canvas)
        let input = folder.file("off-center.png")
        try PNGCodec.write(image, to: input)
        let output = folder.file("seen.png")
        let result = try EdgeProcess.run(["image", "preprocess", input, "-o", output, "--json"])
        #expect(result.status == 0, "\(result)")
        let object = try Self.jsonObject(result.stdout)
        #expect(object["outcome"] as? String == "centered")
        #expect(object["width"] as? Int == 64 && object["height"] as? Int == 48)

        let seen = try PNGCodec.decode(contentsOf: output)
        #expect(seen.width == 28 && seen.height == 28)
        #expect(seen.pixels == Preprocessor().process(image).image.pixels, "the CLI writes what the library computes")
        // MNIST's rule: ink within a 20x20 box, center of mass on (14, 14) up to the integer shift.
        var mass = 0.0
        var sumX = 0.0
        var sumY = 0.0
        var minX = 28
        var maxX = -1
        var minY = 28
        var maxY = -1
        for y in 0..<28 {
            for x in 0..<28 where seen.pixels[y * 28 + x] > 0 {
                let value = Double(seen.pixels[y * 28 + x])
                mass += value
                sumX += value * Double(x)
                sumY += value * Double(y)
                minX = min(minX, x)
                maxX = max(maxX, x)
                minY = min(minY, y)
                maxY = max(maxY, y)
            }
        }
        #expect(mass > 0)
        #expect(maxX - minX + 1 <= 21 && maxY - minY + 1 <= 21, "ink box \(maxX - minX + 1)x\(maxY - minY + 1)")
        #expect(
            abs(sumX / mass - 14) <= 1 && abs(sumY / mass - 14) <= 1, "center of mass (\(sumX / mass), \(sumY / mass))")
    }

    @Test("preprocess to an unwritable path exits 1 with one line naming the output")
    func preprocessUnwritable() throws {
        let folder = try TemporaryFolder(prefix: "edge-image")
        defer { folder.remove() }
        try Data("a file".utf8).write(to: URL(fileURLWithPath: folder.file("plain")))
        let output = folder.file("plain/seen.png")
        let result = try EdgeProcess.run(["image", "preprocess", Self.sampleName, "-o", output])
        CLIExitCodeTests.expectDataError(result, file: output, problem: "\(folder.file("plain")) is not a folder")
        #expect(result.stdout.isEmpty)

        // Missing folders are created, as for every output.
        let nested = folder.file("new/folder/seen.png")
        let created = try EdgeProcess.run(["image", "preprocess", Self.sampleName, "-o", nested])
        #expect(created.status == 0 && FileManager.default.fileExists(atPath: nested), "\(created)")
    }
}
