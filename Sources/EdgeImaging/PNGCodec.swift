import CLibPNG
import EdgeIO
import EdgeTensor

/// PNG decoding and encoding through libpng.
///
/// Every libpng call happens inside the C shim (`CLibPNG`), which keeps libpng's setjmp/longjmp
/// error handling out of Swift frames; failures come back as `PNGError`. Decoding follows the
/// project's pixel semantics (DESIGN.md): linear sample mapping (16 → 8 bit is
/// `round(v·255/65535)`, 1/2/4-bit gray scales to 0–255), palette lookup, BT.601 luma on 8-bit
/// values for RGB → gray, alpha composited onto `PNGDecodeOptions.background` when the output
/// has no alpha. So one picture stored in any PNG encoding decodes to the same pixels.
///
/// Threading: all functions are reentrant; each call uses its own libpng state.
public enum PNGCodec {
    // MARK: Decode

    /// Decodes PNG data in memory.
    /// - Parameters:
    ///   - bytes: the whole PNG file.
    ///   - format: the layout of the returned image (gray by default).
    ///   - options: background for alpha and the pixel limit.
    ///   - path: names the data in errors.
    /// - Throws: `PNGError` for empty, non-PNG, truncated, corrupt or too large data.
    public static func decode(
        _ bytes: [UInt8], to format: Image.Format = .gray,
        options: PNGDecodeOptions = .init(), path: String = "<memory>"
    ) throws(PNGError) -> Image {
        let result = bytes.withUnsafeBytes { buffer in
            decodeResult(buffer, to: format, options: options, path: path)
        }
        return try result.get()
    }

    /// Decodes PNG data from a buffer the caller owns (no copy of the input is made).
    /// - Throws: `PNGError`, as `decode(_:to:options:path:)`.
    public static func decode(
        _ buffer: UnsafeRawBufferPointer, to format: Image.Format = .gray,
        options: PNGDecodeOptions = .init(), path: String = "<memory>"
    ) throws(PNGError) -> Image {
        try decodeResult(buffer, to: format, options: options, path: path).get()
    }

    /// Reads and decodes the PNG file at `path`.
    /// - Throws: `PNGError` with kind `.unreadable` when the file cannot be read, otherwise as
    ///   `decode(_:to:options:path:)`.
    public static func decode(
        contentsOf path: String, to format: Image.Format = .gray,
        options: PNGDecodeOptions = .init()
    ) throws(PNGError) -> Image {
        try decode(try readFile(path), to: format, options: options, path: path)
    }

    // MARK: Info

    /// Reads the header of PNG data (IHDR and the chunks before the image data).
    /// - Throws: `PNGError` when the header cannot be read; the image data is not checked.
    public static func info(_ bytes: [UInt8], path: String = "<memory>") throws(PNGError) -> PNGInfo {
        let result = bytes.withUnsafeBytes { buffer -> Result<PNGInfo, PNGError> in
            var header = edge_png_info()
            var failure = edge_png_error()
            let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
            guard let decoder = edge_png_decoder_open(base, buffer.count, UInt64.max, &header, &failure) else {
                return .failure(error(from: failure, path: path))
            }
            edge_png_decoder_close(decoder)
            return .success(info(from: header, byteCount: buffer.count))
        }
        return try result.get()
    }

    /// Reads the header of the PNG file at `path`.
    /// - Throws: `PNGError`, as `info(_:path:)`, or `.unreadable`.
    public static func info(contentsOf path: String) throws(PNGError) -> PNGInfo {
        try info(try readFile(path), path: path)
    }

    // MARK: Encode

    /// Encodes an 8-bit image (gray, gray+alpha, RGB or RGBA) as a non-interlaced PNG.
    /// - Throws: `PNGError` with kind `.invalidImage` for an empty or oversized image.
    public static func encode(_ image: Image, compressionLevel: Int = 6) throws(PNGError) -> [UInt8] {
        let colorType: PNGColorType =
            switch image.format {
            case .gray: .gray
            case .grayAlpha: .grayAlpha
            case .rgb: .rgb
            case .rgba: .rgba
            }
        let raw = PNGRawImage(
            width: image.width, height: image.height, colorType: colorType, bitDepth: 8,
            samples: image.pixels)
        return try encode(raw, compressionLevel: compressionLevel)
    }

    /// Encodes samples in PNG's own layout: any color type, bit depth, palette, tRNS, Adam7.
    /// - Parameter compressionLevel: zlib level 0–9.
    /// - Throws: `PNGError` with kind `.invalidImage` when the description is inconsistent
    ///   (bit depth not allowed for the color type, wrong sample count, bad palette).
    public static func encode(_ raw: PNGRawImage, compressionLevel: Int = 6) throws(PNGError) -> [UInt8] {
        let path = "<memory>"
        guard raw.width > 0, raw.height > 0, raw.width <= 0x7fff_ffff, raw.height <= 0x7fff_ffff else {
            throw PNGError(
                .invalidImage, path: path,
                message: "image is \(raw.width)x\(raw.height); PNG needs 1 to 2^31-1 pixels per side")
        }
        guard raw.colorType.allowedBitDepths.contains(raw.bitDepth) else {
            throw PNGError(
                .invalidImage, path: path, message: "bit depth \(raw.bitDepth) is not allowed for \(raw.colorType) PNG")
        }
        guard raw.samples.count == raw.rowByteCount * raw.height else {
            throw PNGError(
                .invalidImage, path: path,
                message:
                    "\(raw.samples.count) sample bytes for \(raw.width)x\(raw.height) \(raw.colorType) at \(raw.bitDepth) bits (expected \(raw.rowByteCount * raw.height))"
            )
        }
        guard raw.palette.count % 3 == 0, raw.palette.count <= 768,
            raw.colorType != .palette || !raw.palette.isEmpty
        else {
            throw PNGError(
                .invalidImage, path: path, message: "palette needs 1 to 256 RGB triples, got \(raw.palette.count) bytes"
            )
        }
        if let color = raw.transparentColor,
            color.count != (raw.colorType == .gray ? 1 : 3) || !(raw.colorType == .gray || raw.colorType == .rgb)
        {
            throw PNGError(
                .invalidImage, path: path, message: "a transparent color needs a gray (1 value) or RGB (3 values) image"
            )
        }
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var failure = edge_png_error()
        let color = (raw.transparentColor ?? []) + [0, 0, 0]
        let status = raw.samples.withUnsafeBufferPointer { samples in
            raw.palette.withUnsafeBufferPointer { palette in
                raw.paletteAlpha.withUnsafeBufferPointer { alpha in
                    color.withUnsafeBufferPointer { transparent in
                        edge_png_encode(
                            samples.baseAddress, UInt32(raw.width), UInt32(raw.height), Int32(raw.bitDepth),
                            Int32(raw.colorType.rawValue), raw.interlaced ? 1 : 0,
                            palette.baseAddress, Int32(raw.palette.count / 3),
                            alpha.baseAddress, Int32(raw.paletteAlpha.count),
                            raw.transparentColor == nil ? 0 : 1, transparent.baseAddress,
                            Int32(min(max(compressionLevel, 0), 9)), &output, &size, &failure)
                    }
                }
            }
        }
        guard status == 0, let output else {
            let underlying = error(from: failure, path: path)
            throw PNGError(
                underlying.kind == .outOfMemory ? .outOfMemory : .invalidImage, path: path,
                message: underlying.message)
        }
        defer { edge_png_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    /// Encodes `image` (as `encode(_:)`) and writes it to `path`, replacing any file there.
    /// - Throws: `PNGError` with kind `.unwritable` (naming `path`) or `.invalidImage`.
    public static func write(_ image: Image, to path: String) throws(PNGError) {
        let bytes: [UInt8]
        do {
            bytes = try encode(image)
        } catch {
            throw PNGError(error.kind, path: path, message: error.message)
        }
        do {
            try OutputPath(path).write(bytes)
        } catch {
            throw PNGError(.unwritable, path: path, message: error.problem)
        }
    }

    /// The libpng version in use, e.g. "1.6.39".
    public static var libpngVersion: String { String(cString: edge_png_libpng_version()) }

    // MARK: Internals

    /// Largest PNG file read (a 4096 × 4096 RGBA frame compresses far below this).
    static let maximumFileBytes = 256 << 20

    static func readFile(_ path: String) throws(PNGError) -> [UInt8] {
        do {
            return try FileSystem.read(path, limit: maximumFileBytes)
        } catch {
            throw PNGError(.unreadable, path: path, message: error.reason)
        }
    }

    static func decodeResult(
        _ buffer: UnsafeRawBufferPointer, to format: Image.Format,
        options: PNGDecodeOptions, path: String
    ) -> Result<Image, PNGError> {
        var header = edge_png_info()
        var failure = edge_png_error()
        let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
        guard let decoder = edge_png_decoder_open(base, buffer.count, UInt64(options.maxPixels), &header, &failure)
        else {
            return .failure(error(from: failure, path: path))
        }
        defer { edge_png_decoder_close(decoder) }
        let width = Int(header.width)
        let height = Int(header.height)
        // The shim checked width × height against maxPixels; a caller may set that limit huge.
        guard let count = CheckedSize.product([width, height, format.channels]), count <= CheckedSize.limit else {
            return .failure(
                PNGError(
                    .tooLarge, path: path,
                    message: "image is \(width)x\(height) with \(format.channels) channels: too large to hold in memory"
                ))
        }
        var status: Int32 = 0
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { output, initialized in
            status = edge_png_decoder_read(
                decoder, output.baseAddress, Int32(format.channels),
                options.background, &failure)
            initialized = status == 0 ? count : 0
        }
        if status != 0 { return .failure(error(from: failure, path: path)) }
        return .success(Image(width: width, height: height, format: format, pixels: pixels))
    }

    static func error(from failure: edge_png_error, path: String) -> PNGError {
        let message = withUnsafeBytes(of: failure.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        let kind: PNGError.Kind =
            switch failure.status {
            case EDGE_PNG_EMPTY: .empty
            case EDGE_PNG_NOT_PNG: .notPNG
            case EDGE_PNG_TRUNCATED: .truncated
            case EDGE_PNG_BAD_CRC: .badCRC
            case EDGE_PNG_BAD_COMPRESSION: .badCompression
            case EDGE_PNG_TOO_LARGE: .tooLarge
            case EDGE_PNG_OUT_OF_MEMORY: .outOfMemory
            case EDGE_PNG_BAD_ARGUMENT: .invalidImage
            default: .invalid
            }
        return PNGError(kind, path: path, message: message)
    }

    static func info(from header: edge_png_info, byteCount: Int) -> PNGInfo {
        PNGInfo(
            width: Int(header.width), height: Int(header.height), bitDepth: Int(header.bit_depth),
            colorType: PNGColorType(rawValue: header.color_type) ?? .gray, interlaced: header.interlaced != 0,
            hasTransparency: header.has_trns != 0, byteCount: byteCount)
    }
}
