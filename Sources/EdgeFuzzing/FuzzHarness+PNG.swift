import EdgeImaging
import EdgePipeline

extension FuzzHarness {
    /// Pixel limit of the PNG harness: 1 Mi pixels instead of the product's 16 Mi, so one
    /// execution stays in milliseconds. Bigger headers take the same `tooLarge` path.
    public static let pngMaxPixels = 1 << 20

    /// PNG bytes through what the folder source and preprocess stage do with a frame: the
    /// header peek, `PNGCodec.info`, `PNGCodec.decode` to gray and then `Preprocessor.process`;
    /// then a decode to a color format (chosen by the input length) through the same
    /// preprocessor, which converts it to gray itself. When the chunk CRCs are wrong, all of it
    /// runs a second time with them recomputed (`PNGChunkCRC`). Input without a PNG signature
    /// describes a picture instead, which is encoded, checked to decode back, and then run
    /// through the same steps (`encodedPNG(describedBy:)`).
    public static func png(_ data: UnsafeRawBufferPointer) {
        let bytes = Array(data)
        png(bytes)
        if let repaired = PNGChunkCRC.repaired(bytes) {
            png(repaired)
        } else if let encoded = encodedPNG(describedBy: bytes) {
            png(encoded)
        }
    }

    private static func png(_ bytes: [UInt8]) {
        _ = FolderSource.pixelCount(png: bytes)
        let info = try? PNGCodec.info(bytes, path: "fuzz.png")
        let options = PNGDecodeOptions(maxPixels: pngMaxPixels)
        guard let gray = try? PNGCodec.decode(bytes, to: .gray, options: options, path: "fuzz.png") else { return }
        guard let info else { preconditionFailure("decode succeeded where info failed") }
        precondition(info.width == gray.width && info.height == gray.height, "info and decode disagree on the size")
        check(gray)
        let preprocessor = Preprocessor()
        check(preprocessor.process(gray))

        let formats: [Image.Format] = [.grayAlpha, .rgb, .rgba]
        let format = formats[bytes.count % formats.count]
        guard let color = try? PNGCodec.decode(bytes, to: format, options: options, path: "fuzz.png") else {
            preconditionFailure("decoded to gray but not to \(format)")
        }
        check(color)
        precondition(
            color.width == gray.width && color.height == gray.height, "gray and \(format) decodes differ in size")
        check(preprocessor.process(color))
    }

    private static func check(_ image: Image) {
        precondition(
            image.width > 0 && image.height > 0 && image.width * image.height <= pngMaxPixels,
            "decoded a \(image.width)x\(image.height) image")
        precondition(image.pixels.count == image.width * image.height * image.channels, "pixel count off")
    }

    private static func check(_ result: PreprocessResult) {
        precondition(result.tensor.shape == Preprocessor.inputShape, "tensor shape \(result.tensor.shape)")
        precondition(
            result.image.width == Preprocessor.side && result.image.height == Preprocessor.side
                && result.image.format == .gray && result.image.pixels.count == Preprocessor.pixelCount,
            "preprocessed image is not 28x28 gray")
        result.tensor.withUnsafeBufferPointer { values in
            precondition(values.allSatisfy(\.isFinite), "non-finite network input")
        }
    }
}
