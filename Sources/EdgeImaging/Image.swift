/// An 8-bit image in row-major, interleaved layout.
public struct Image: Sendable, Equatable {
    /// Pixel layouts an `Image` can hold.
    public enum Format: Int, Sendable, Equatable {
        case gray = 1
        case grayAlpha = 2
        case rgb = 3
        case rgba = 4
        /// Samples per pixel.
        public var channels: Int { rawValue }
    }

    public let width: Int
    public let height: Int
    public let format: Format
    /// `width * height * format.channels` samples, row-major, channels interleaved.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, format: Format, pixels: [UInt8]) {
        precondition(
            pixels.count == width * height * format.channels,
            "pixel count does not match \(width)x\(height)x\(format.channels)")
        self.width = width
        self.height = height
        self.format = format
        self.pixels = pixels
    }

    public var channels: Int { format.channels }
}
