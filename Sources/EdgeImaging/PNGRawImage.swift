/// PNG samples in PNG's own layout, for encoding any color type and bit depth.
///
/// Used to write formats `Image` cannot hold (1/2/4/16-bit, palette, tRNS, interlaced), for
/// example the decoder's test variants. `samples` holds `height` rows of `rowByteCount` bytes:
/// sub-byte samples packed most significant bit first, 16-bit samples big-endian.
public struct PNGRawImage: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var colorType: PNGColorType
    public var bitDepth: Int
    public var interlaced: Bool
    public var samples: [UInt8]
    /// RGB triples, flattened (`3 * entries` bytes); palette images only.
    public var palette: [UInt8]
    /// Alpha per palette entry (may be shorter than the palette); palette images only.
    public var paletteAlpha: [UInt8]
    /// The fully transparent color for gray (`[g]`) or RGB (`[r, g, b]`) images, in sample units.
    public var transparentColor: [UInt16]?

    public init(
        width: Int, height: Int, colorType: PNGColorType, bitDepth: Int, interlaced: Bool = false,
        samples: [UInt8], palette: [UInt8] = [], paletteAlpha: [UInt8] = [],
        transparentColor: [UInt16]? = nil
    ) {
        self.width = width
        self.height = height
        self.colorType = colorType
        self.bitDepth = bitDepth
        self.interlaced = interlaced
        self.samples = samples
        self.palette = palette
        self.paletteAlpha = paletteAlpha
        self.transparentColor = transparentColor
    }

    /// Bytes per row: `ceil(width * channels * bitDepth / 8)`.
    public var rowByteCount: Int { (width * colorType.channels * bitDepth + 7) / 8 }
}
