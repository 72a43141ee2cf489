/// Knobs of `Preprocessor`. The defaults match how MNIST itself was made.
public struct PreprocessOptions: Sendable, Equatable {
    /// Gray level transparent pixels are composited onto when a color or alpha image is turned
    /// gray (white paper).
    public var background: UInt8
    /// A pixel is ink when it is brighter (after polarity) than background + `inkThreshold` ×
    /// contrast. Decides the crop box; 0.25 ignores paper texture and sensor noise.
    public var inkThreshold: Float
    /// Levels at or below background + `blackLevel` × contrast become 0 in the crop, and the
    /// ink peak becomes 255 (a contrast stretch that removes paper gray and faint noise).
    public var blackLevel: Float
    /// The stroke level mapped to 255 is this percentile (0–1) of the ink pixels inside the crop
    /// box; brighter ink saturates. 0.75 keeps MNIST's saturated strokes and evens out noise.
    public var peakPercentile: Float
    /// Contrast (robust peak minus background level, 0–255) below which an image is blank.
    public var minContrast: Int
    /// Ignore isolated ink pixels (no ink among their 8 neighbours) when finding the crop box,
    /// so salt noise does not stretch it.
    public var removeSpecks: Bool
    /// Side of the box the digit is scaled to fit, keeping its aspect ratio (MNIST: 20).
    public var boxSize: Int
    /// Normalization: tensor value = (pixel / 255 − mean) / std (MNIST training statistics).
    public var mean: Float
    public var std: Float

    public init(background: UInt8 = 255, inkThreshold: Float = 0.25, blackLevel: Float = 0.1,
                peakPercentile: Float = 0.75, minContrast: Int = 32, removeSpecks: Bool = true, boxSize: Int = 20,
                mean: Float = 0.1307, std: Float = 0.3081) {
        precondition(inkThreshold >= 0 && inkThreshold < 1 && blackLevel >= 0 && blackLevel < 1,
                     "inkThreshold and blackLevel are fractions in [0, 1)")
        precondition(peakPercentile >= 0 && peakPercentile <= 1, "peakPercentile is a fraction in [0, 1]")
        precondition(boxSize >= 1 && boxSize <= Preprocessor.side, "boxSize must be in 1...\(Preprocessor.side)")
        precondition(std > 0, "std must be positive")
        self.background = background
        self.inkThreshold = inkThreshold
        self.blackLevel = blackLevel
        self.peakPercentile = peakPercentile
        self.minContrast = minContrast
        self.removeSpecks = removeSpecks
        self.boxSize = boxSize
        self.mean = mean
        self.std = std
    }
}
