import CLibPNG

extension Image {
    /// A blank image of one value in every sample.
    public init(width: Int, height: Int, format: Format, repeating value: UInt8) {
        self.init(
            width: width, height: height, format: format,
            pixels: [UInt8](repeating: value, count: width * height * format.channels))
    }

    /// This image in another layout, with the project's pixel semantics: RGB → gray is BT.601
    /// luma (`0.299R + 0.587G + 0.114B`, rounded); when `format` has no alpha, alpha is
    /// composited onto `background` per channel, before luma; gray → RGB replicates the value;
    /// added alpha is 255. Returns `self` when the format already matches.
    public func converted(to format: Format, background: UInt8 = 255) -> Image {
        if format == self.format { return self }
        let count = width * height
        let source = self
        let pixels = [UInt8](unsafeUninitializedCapacity: count * format.channels) { buffer, initialized in
            source.pixels.withUnsafeBufferPointer { input in
                if count > 0 {
                    edge_png_convert_row(
                        input.baseAddress, Int32(source.channels), buffer.baseAddress,
                        Int32(format.channels), count, background)
                }
            }
            initialized = count * format.channels
        }
        return Image(width: width, height: height, format: format, pixels: pixels)
    }

    /// The sample at (`x`, `y`) in `channel` (slow; for tests and tools).
    public func sample(x: Int, y: Int, channel: Int = 0) -> UInt8 {
        precondition(
            x >= 0 && x < width && y >= 0 && y < height && channel >= 0 && channel < channels,
            "(\(x), \(y), \(channel)) outside \(width)x\(height)x\(channels)")
        return pixels[(y * width + x) * channels + channel]
    }
}
