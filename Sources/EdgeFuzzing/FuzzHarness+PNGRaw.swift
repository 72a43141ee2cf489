import EdgeImaging

extension FuzzHarness {
    /// Pixel limit of described pictures: each one is encoded, decoded four times and
    /// preprocessed twice, ~1 s per megapixel under AddressSanitizer.
    static let describedMaxPixels = 1 << 16

    /// Reads input without a PNG signature as a picture description, encodes it with
    /// `PNGCodec.encode` and returns the PNG, after checking that decoding gives the samples
    /// back under the project's pixel semantics. nil for an input too short to describe one.
    ///
    /// Mutated PNG files rarely get past zlib, so this is how arbitrary sizes (1 × 4096,
    /// 4096 × 1, ...), formats and pixel content reach the decoder's conversions and the
    /// preprocessor. Layout: byte 0 color type (modulo 5), byte 1 bit depth (index into the
    /// allowed depths), byte 2 flags (bit 0 Adam7, bit 1 transparency), bytes 3–4 and 5–6
    /// width and height − 1 (big-endian, modulo 4096; height then cut to fit `describedMaxPixels`),
    /// the rest the sample bytes, repeated to fill the image (zeros when empty).
    static func encodedPNG(describedBy bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 7, !PNGChunkCRC.hasSignature(bytes) else { return nil }
        let colorType = PNGColorType.allCases[Int(bytes[0]) % PNGColorType.allCases.count]
        let depths = colorType.allowedBitDepths
        let bitDepth = depths[Int(bytes[1]) % depths.count]
        let interlaced = bytes[2] & 1 != 0
        let transparent = bytes[2] & 2 != 0
        let width = 1 + (Int(bytes[3]) << 8 | Int(bytes[4])) % 4096
        let height = min(1 + (Int(bytes[5]) << 8 | Int(bytes[6])) % 4096, describedMaxPixels / width)
        let content = bytes[7...]
        var raw = PNGRawImage(
            width: width, height: height, colorType: colorType, bitDepth: bitDepth,
            interlaced: interlaced, samples: [])
        let count = raw.rowByteCount * height
        if content.isEmpty {
            raw.samples = [UInt8](repeating: 0, count: count)
        } else {
            raw.samples.reserveCapacity(count + content.count)
            while raw.samples.count < count { raw.samples += content }
            raw.samples.removeLast(raw.samples.count - count)
        }
        let maximum = (1 << bitDepth) - 1
        let seed = content.first ?? 0
        if colorType == .palette {
            raw.palette = (0..<3 * (maximum + 1)).map { UInt8(truncatingIfNeeded: $0 * 37 + Int(seed)) }
            if transparent {
                raw.paletteAlpha = (0...min(maximum, Int(seed))).map { UInt8(truncatingIfNeeded: $0 * 91) }
            }
        } else if transparent, colorType == .gray || colorType == .rgb {
            raw.transparentColor = (0..<(colorType == .gray ? 1 : 3)).map { UInt16((Int(seed) * 257 + $0) & maximum) }
        }
        let png: [UInt8]
        do {
            png = try PNGCodec.encode(raw, compressionLevel: 1)
        } catch {
            preconditionFailure(
                "a consistent \(width)x\(height) \(colorType) \(bitDepth)-bit description does not encode: \(error)")
        }
        checkRoundTrip(raw, png)
        return png
    }

    /// Decoding `png`, the encoding of `raw`, gives `raw`'s samples back where the mapping is
    /// exact: native 8-bit layouts unchanged, 1/2/4-bit gray scaled to 0–255, 16-bit gray as
    /// `round(v·255/65535)`, palette indices looked up (with tRNS alpha).
    private static func checkRoundTrip(_ raw: PNGRawImage, _ png: [UInt8]) {
        let format: Image.Format
        switch raw.colorType {
        case .gray: format = .gray
        case .grayAlpha: format = .grayAlpha
        case .rgb: format = .rgb
        case .rgba, .palette: format = .rgba
        }
        let image: Image
        do {
            image = try PNGCodec.decode(png, to: format, options: PNGDecodeOptions(maxPixels: pngMaxPixels))
        } catch {
            preconditionFailure("PNGCodec.encode output does not decode: \(error)")
        }
        precondition(image.width == raw.width && image.height == raw.height, "round trip changed the size")
        if raw.transparentColor != nil { return }
        let maximum = (1 << raw.bitDepth) - 1
        let channels = raw.colorType.channels
        let pixelCount = raw.width * raw.height
        // Every pixel of a small picture; about 4096 spread over a big one (the checks run
        // instrumented, at a few hundred nanoseconds each).
        let step = max(1, pixelCount / 4096)
        image.pixels.withUnsafeBufferPointer { decoded in
            for pixel in Array(stride(from: 0, to: pixelCount, by: step)) + [pixelCount - 1] {
                let (y, x) = pixel.quotientAndRemainder(dividingBy: raw.width)
                for channel in 0..<channels {
                    let value = sample(raw, x: x, y: y, channel: channel)
                    if raw.colorType == .palette {
                        let alpha = value < raw.paletteAlpha.count ? raw.paletteAlpha[value] : 255
                        for k in 0..<4 {
                            check(
                                decoded[pixel * 4 + k], k < 3 ? raw.palette[3 * value + k] : alpha, raw, x, y, k, value)
                        }
                    } else {
                        let level = UInt8(raw.bitDepth == 16 ? (value * 255 + 32767) / 65535 : value * 255 / maximum)
                        check(decoded[pixel * channels + channel], level, raw, x, y, channel, value)
                    }
                }
            }
        }
    }

    private static func check(
        _ decoded: UInt8, _ level: UInt8, _ raw: PNGRawImage, _ x: Int, _ y: Int, _ channel: Int,
        _ value: Int
    ) {
        if decoded != level {
            preconditionFailure(
                "\(raw.colorType) \(raw.bitDepth)-bit\(raw.interlaced ? " Adam7" : "") (\(x), \(y)) channel \(channel): sample \(value) decoded as \(decoded), expected \(level)"
            )
        }
    }

    /// The sample at (`x`, `y`) in `channel` of `raw` (sub-byte samples MSB first, 16-bit big-endian).
    private static func sample(_ raw: PNGRawImage, x: Int, y: Int, channel: Int) -> Int {
        let row = y * raw.rowByteCount
        let index = x * raw.colorType.channels + channel
        switch raw.bitDepth {
        case 16: return Int(raw.samples[row + 2 * index]) << 8 | Int(raw.samples[row + 2 * index + 1])
        case 8: return Int(raw.samples[row + index])
        default:
            let bit = index * raw.bitDepth
            let byte = Int(raw.samples[row + bit / 8])
            return (byte >> (8 - raw.bitDepth - bit % 8)) & ((1 << raw.bitDepth) - 1)
        }
    }
}
