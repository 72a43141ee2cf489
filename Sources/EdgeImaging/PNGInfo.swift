/// PNG color types, as IHDR stores them.
public enum PNGColorType: UInt8, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    case gray = 0
    case rgb = 2
    case palette = 3
    case grayAlpha = 4
    case rgba = 6

    /// Samples per pixel as stored (1 for palette indices).
    public var channels: Int {
        switch self {
        case .gray, .palette: 1
        case .grayAlpha: 2
        case .rgb: 3
        case .rgba: 4
        }
    }

    /// Bit depths the PNG specification allows for this color type.
    public var allowedBitDepths: [Int] {
        switch self {
        case .gray: [1, 2, 4, 8, 16]
        case .palette: [1, 2, 4, 8]
        case .rgb, .grayAlpha, .rgba: [8, 16]
        }
    }

    public var description: String {
        switch self {
        case .gray: "gray"
        case .rgb: "rgb"
        case .palette: "palette"
        case .grayAlpha: "gray+alpha"
        case .rgba: "rgba"
        }
    }
}

/// What a PNG's header says about it (IHDR, plus whether tRNS is present).
public struct PNGInfo: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Bits per sample (per palette index for palette images): 1, 2, 4, 8 or 16.
    public var bitDepth: Int
    public var colorType: PNGColorType
    /// True for Adam7 interlacing.
    public var interlaced: Bool
    /// True when a tRNS chunk makes some pixels transparent.
    public var hasTransparency: Bool
    /// Size of the PNG data in bytes.
    public var byteCount: Int

    public init(
        width: Int, height: Int, bitDepth: Int, colorType: PNGColorType, interlaced: Bool,
        hasTransparency: Bool, byteCount: Int
    ) {
        self.width = width
        self.height = height
        self.bitDepth = bitDepth
        self.colorType = colorType
        self.interlaced = interlaced
        self.hasTransparency = hasTransparency
        self.byteCount = byteCount
    }

    /// True when decoded pixels carry alpha (an alpha channel or tRNS).
    public var hasAlpha: Bool { colorType == .grayAlpha || colorType == .rgba || hasTransparency }
}
