/// How `PNGCodec` turns a PNG into an `Image`.
public struct PNGDecodeOptions: Sendable, Equatable {
    /// Gray level (or R = G = B level) that transparent pixels are composited onto when the
    /// requested format has no alpha channel. White paper by default.
    public var background: UInt8
    /// Largest `width * height` accepted. Checked against the header before any image-sized
    /// allocation, so a decompression bomb fails fast with `PNGError.Kind.tooLarge`.
    public var maxPixels: Int

    /// 16 Mi pixels (4096 × 4096): far above any camera frame this device handles.
    public static let defaultMaxPixels = 1 << 24

    public init(background: UInt8 = 255, maxPixels: Int = PNGDecodeOptions.defaultMaxPixels) {
        precondition(maxPixels >= 0, "maxPixels must not be negative")
        self.background = background
        self.maxPixels = maxPixels
    }
}
