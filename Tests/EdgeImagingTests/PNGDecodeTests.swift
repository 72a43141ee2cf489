import EdgeTensor
import Testing

@testable import EdgeImaging

/// Every PNG variant a camera or user may hand us, written by libpng through `PNGCodec.encode`
/// from known samples, decoded and compared pixel by pixel with the pixel semantics of
/// DESIGN.md computed independently in `Reference`.
@Suite("PNG decode")
struct PNGDecodeTests {
    static let width = 13, height = 11  // odd sizes: partial bytes per row, uneven Adam7 passes
    var pixelCount: Int { Self.width * Self.height }

    func random(_ count: Int, below limit: Int, seed: UInt64) -> [Int] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in Int.random(in: 0..<limit, using: &generator) }
    }

    func decode(_ raw: PNGRawImage, to format: Image.Format = .gray, background: UInt8 = 255) throws -> Image {
        let png = try PNGCodec.encode(raw)
        let info = try PNGCodec.info(png)
        #expect(info.width == raw.width && info.height == raw.height)
        #expect(info.bitDepth == raw.bitDepth && info.colorType == raw.colorType && info.interlaced == raw.interlaced)
        let image = try PNGCodec.decode(png, to: format, options: .init(background: background))
        #expect(image.width == raw.width && image.height == raw.height && image.format == format)
        return image
    }

    func raw(_ type: PNGColorType, depth: Int, samples: [Int], interlaced: Bool) -> PNGRawImage {
        PNGRawImage(
            width: Self.width, height: Self.height, colorType: type, bitDepth: depth, interlaced: interlaced,
            samples: packRows(samples, width: Self.width, height: Self.height, channels: type.channels, depth: depth))
    }

    @Test("gray 1/2/4-bit scale linearly to 0-255", arguments: [1, 2, 4], [false, true])
    func graySubByte(depth: Int, interlaced: Bool) throws {
        let values = random(pixelCount, below: 1 << depth, seed: UInt64(depth))
        let image = try decode(raw(.gray, depth: depth, samples: values, interlaced: interlaced))
        #expect(image.pixels == values.map { UInt8($0 * 255 / ((1 << depth) - 1)) })
    }

    @Test("gray 8-bit is copied", arguments: [false, true])
    func gray8(interlaced: Bool) throws {
        let values = random(pixelCount, below: 256, seed: 8)
        let image = try decode(raw(.gray, depth: 8, samples: values, interlaced: interlaced))
        #expect(image.pixels == values.map { UInt8($0) })
    }

    @Test("gray 16-bit maps to round(v*255/65535)", arguments: [false, true])
    func gray16(interlaced: Bool) throws {
        var values = random(pixelCount, below: 65536, seed: 16)
        values[0] = 0
        values[1] = 65535
        values[2] = 128
        values[3] = 129
        values[4] = 32767  // rounding edges
        let image = try decode(raw(.gray, depth: 16, samples: values, interlaced: interlaced))
        #expect(image.pixels == values.map { UInt8(Reference.scale16($0)) })
        #expect(image.pixels[2] == 0 && image.pixels[3] == 1 && image.pixels[1] == 255)
    }

    @Test("gray+alpha 8-bit composites over the background", arguments: [UInt8(255), 0, 100])
    func grayAlpha8(background: UInt8) throws {
        let values = random(pixelCount * 2, below: 256, seed: 42)
        let image = try decode(raw(.grayAlpha, depth: 8, samples: values, interlaced: false), background: background)
        let expected = (0..<pixelCount).map {
            UInt8(Reference.over(values[2 * $0], alpha: values[2 * $0 + 1], background: Int(background)))
        }
        #expect(image.pixels == expected)
        let withAlpha = try decode(raw(.grayAlpha, depth: 8, samples: values, interlaced: false), to: .grayAlpha)
        #expect(withAlpha.pixels == values.map { UInt8($0) })
    }

    @Test("gray+alpha 16-bit narrows each sample, then composites", arguments: [false, true])
    func grayAlpha16(interlaced: Bool) throws {
        let values = random(pixelCount * 2, below: 65536, seed: 4216)
        let image = try decode(raw(.grayAlpha, depth: 16, samples: values, interlaced: interlaced))
        let expected = (0..<pixelCount).map {
            UInt8(
                Reference.over(
                    Reference.scale16(values[2 * $0]), alpha: Reference.scale16(values[2 * $0 + 1]), background: 255))
        }
        #expect(image.pixels == expected)
    }

    @Test("RGB 8/16-bit to gray is BT.601 luma, rounded", arguments: [8, 16], [false, true])
    func rgb(depth: Int, interlaced: Bool) throws {
        let values = random(pixelCount * 3, below: 1 << depth, seed: UInt64(30 + depth))
        let eight = depth == 16 ? values.map(Reference.scale16) : values
        let image = try decode(raw(.rgb, depth: depth, samples: values, interlaced: interlaced))
        #expect(
            image.pixels
                == (0..<pixelCount).map { UInt8(Reference.luma(eight[3 * $0], eight[3 * $0 + 1], eight[3 * $0 + 2])) })
        let color = try decode(raw(.rgb, depth: depth, samples: values, interlaced: interlaced), to: .rgb)
        #expect(color.pixels == eight.map { UInt8($0) })
    }

    @Test("RGBA 8/16-bit composites each channel, then takes luma", arguments: [8, 16])
    func rgba(depth: Int) throws {
        let values = random(pixelCount * 4, below: 1 << depth, seed: UInt64(40 + depth))
        let eight = depth == 16 ? values.map(Reference.scale16) : values
        let background = 30
        let image = try decode(
            raw(.rgba, depth: depth, samples: values, interlaced: false), background: UInt8(background))
        let expected = (0..<pixelCount).map { index -> UInt8 in
            let a = eight[4 * index + 3]
            let channel = { (c: Int) in Reference.over(eight[4 * index + c], alpha: a, background: background) }
            return UInt8(Reference.luma(channel(0), channel(1), channel(2)))
        }
        #expect(image.pixels == expected)
        let rgbaOut = try decode(raw(.rgba, depth: depth, samples: values, interlaced: false), to: .rgba)
        #expect(rgbaOut.pixels == eight.map { UInt8($0) })
    }

    @Test("palette 1/2/4/8-bit looks entries up", arguments: [1, 2, 4, 8])
    func palette(depth: Int) throws {
        let entries = 1 << depth
        let palette = random(entries * 3, below: 256, seed: UInt64(50 + depth)).map { UInt8($0) }
        let indices = random(pixelCount, below: entries, seed: UInt64(60 + depth))
        var description = raw(.palette, depth: depth, samples: indices, interlaced: depth == 4)
        description.palette = palette
        let image = try decode(description)
        #expect(
            image.pixels
                == indices.map {
                    UInt8(Reference.luma(Int(palette[3 * $0]), Int(palette[3 * $0 + 1]), Int(palette[3 * $0 + 2])))
                })
    }

    @Test("palette with tRNS composites entry alphas; missing entries are opaque")
    func paletteTransparency() throws {
        let palette = random(16 * 3, below: 256, seed: 70).map { UInt8($0) }
        let alphas = random(10, below: 256, seed: 71).map { UInt8($0) }  // entries 10...15 opaque
        let indices = random(pixelCount, below: 16, seed: 72)
        var description = raw(.palette, depth: 4, samples: indices, interlaced: false)
        description.palette = palette
        description.paletteAlpha = alphas
        let png = try PNGCodec.encode(description)
        #expect(try PNGCodec.info(png).hasTransparency)
        let image = try PNGCodec.decode(png)
        #expect(
            image.pixels
                == indices.map { index -> UInt8 in
                    let alpha = index < 10 ? Int(alphas[index]) : 255
                    let channel = { (c: Int) in
                        Reference.over(Int(palette[3 * index + c]), alpha: alpha, background: 255)
                    }
                    return UInt8(Reference.luma(channel(0), channel(1), channel(2)))
                })
    }

    @Test("gray and RGB tRNS color become the background")
    func colorKeyTransparency() throws {
        let grays = random(pixelCount, below: 4, seed: 80).map { $0 * 60 }
        var gray = raw(.gray, depth: 8, samples: grays, interlaced: false)
        gray.transparentColor = [60]
        let grayImage = try decode(gray, background: 200)
        #expect(grayImage.pixels == grays.map { $0 == 60 ? 200 : UInt8($0) })

        let colors = random(pixelCount * 3, below: 2, seed: 81).map { $0 * 255 }
        var rgb = raw(.rgb, depth: 16, samples: colors.map { $0 * 257 }, interlaced: true)
        rgb.transparentColor = [255 * 257, 0, 255 * 257]
        let rgbImage = try decode(rgb, to: .rgb, background: 7)
        let expected = (0..<pixelCount).flatMap { index -> [UInt8] in
            let pixel = colors[3 * index..<3 * index + 3].map { UInt8($0) }
            return pixel == [255, 0, 255] ? [7, 7, 7] : pixel
        }
        #expect(rgbImage.pixels == expected)
    }

    @Test("one picture in every encoding decodes to the same gray pixels")
    func sameGrayEverywhere() throws {
        let gray = random(pixelCount, below: 256, seed: 99)
        let levels = Array(Set(gray)).sorted()
        let paletteIndex = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
        let expected = gray.map { UInt8($0) }
        var variants: [(String, PNGRawImage)] = []
        for interlaced in [false, true] {
            variants.append(("gray8", raw(.gray, depth: 8, samples: gray, interlaced: interlaced)))
            variants.append(("gray16", raw(.gray, depth: 16, samples: gray.map { $0 * 257 }, interlaced: interlaced)))
            variants.append(
                ("ga8", raw(.grayAlpha, depth: 8, samples: gray.flatMap { [$0, 255] }, interlaced: interlaced)))
            variants.append(
                (
                    "ga16",
                    raw(.grayAlpha, depth: 16, samples: gray.flatMap { [$0 * 257, 65535] }, interlaced: interlaced)
                ))
            variants.append(
                ("rgb8", raw(.rgb, depth: 8, samples: gray.flatMap { [$0, $0, $0] }, interlaced: interlaced)))
            variants.append(
                (
                    "rgb16",
                    raw(
                        .rgb, depth: 16, samples: gray.flatMap { [$0 * 257, $0 * 257, $0 * 257] },
                        interlaced: interlaced)
                ))
            variants.append(
                ("rgba8", raw(.rgba, depth: 8, samples: gray.flatMap { [$0, $0, $0, 255] }, interlaced: interlaced)))
            variants.append(
                (
                    "rgba16",
                    raw(
                        .rgba, depth: 16, samples: gray.flatMap { [$0 * 257, $0 * 257, $0 * 257, 65535] },
                        interlaced: interlaced)
                ))
            var palette = raw(.palette, depth: 8, samples: gray.map { paletteIndex[$0]! }, interlaced: interlaced)
            palette.palette = levels.flatMap { [UInt8($0), UInt8($0), UInt8($0)] }
            variants.append(("palette", palette))
            var paletteOpaqueTRNS = palette
            paletteOpaqueTRNS.paletteAlpha = [UInt8](repeating: 255, count: levels.count)
            variants.append(("palette+tRNS", paletteOpaqueTRNS))
        }
        for (name, variant) in variants {
            let image = try decode(variant)
            #expect(image.pixels == expected, "\(name) interlaced=\(variant.interlaced)")
        }
    }

    @Test("a committed sample digit decodes to its IDX pixels")
    func sampleDigit() throws {
        let image = try PNGCodec.decode(contentsOf: Repo.digits + "/0004_0.png")
        #expect(image == Repo.testSplit.image(at: 4))
        let info = try PNGCodec.info(contentsOf: Repo.digits + "/0004_0.png")
        #expect(
            info
                == PNGInfo(
                    width: 28, height: 28, bitDepth: 8, colorType: .gray, interlaced: false,
                    hasTransparency: false, byteCount: info.byteCount))
    }

    @Test("gray expands to RGB and RGBA; Image.converted matches the decoder")
    func expansion() throws {
        let values = random(pixelCount * 4, below: 256, seed: 5)
        let png = try PNGCodec.encode(raw(.rgba, depth: 8, samples: values, interlaced: false))
        let rgba = try PNGCodec.decode(png, to: .rgba)
        for format in [Image.Format.gray, .grayAlpha, .rgb] {
            #expect(
                try PNGCodec.decode(png, to: format, options: .init(background: 77))
                    == rgba.converted(to: format, background: 77))
        }
        let gray = rgba.converted(to: .gray)
        #expect(gray.converted(to: .rgb).pixels == gray.pixels.flatMap { [$0, $0, $0] })
        #expect(gray.converted(to: .rgba).pixels == gray.pixels.flatMap { [$0, $0, $0, 255] })
    }
}
