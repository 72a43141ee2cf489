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
    /// Correct uneven illumination before finding the ink (`FlatField`): the paper level is
    /// estimated per block and divided out, so a light gradient does not leak into the input.
    /// Frames whose paper is already one level (MNIST digits, scans) skip it.
    public var flatField: Bool
    /// Side of the flat-field block grid (blocks of about 1/`backgroundBlocks` of the frame,
    /// at least 16 px): larger than a stroke, smaller than the light's variation. 1...16.
    public var backgroundBlocks: Int
    /// Paper level of a block: this percentile (0–1) of its values with ink bright; low, so
    /// the estimate holds while ink covers most of the block.
    public var backgroundPercentile: Float
    /// Side of the box the digit is scaled to fit, keeping its aspect ratio (MNIST: 20).
    public var boxSize: Int
    /// Normalization: tensor value = (pixel / 255 − mean) / std (MNIST training statistics).
    public var mean: Float
    public var std: Float

    public init(
        background: UInt8 = 255, inkThreshold: Float = 0.25, blackLevel: Float = 0.1,
        peakPercentile: Float = 0.75, minContrast: Int = 32, removeSpecks: Bool = true, flatField: Bool = true,
        backgroundBlocks: Int = 8, backgroundPercentile: Float = 0.1, boxSize: Int = 20,
        mean: Float = 0.1307, std: Float = 0.3081
    ) {
        precondition(
            inkThreshold >= 0 && inkThreshold < 1 && blackLevel >= 0 && blackLevel < 1,
            "inkThreshold and blackLevel are fractions in [0, 1)")
        precondition(peakPercentile >= 0 && peakPercentile <= 1, "peakPercentile is a fraction in [0, 1]")
        precondition(
            backgroundBlocks >= 1 && backgroundBlocks <= FlatField.maxBlocks,
            "backgroundBlocks must be in 1...\(FlatField.maxBlocks)")
        precondition(
            backgroundPercentile >= 0 && backgroundPercentile <= 1,
            "backgroundPercentile is a fraction in [0, 1]")
        precondition(boxSize >= 1 && boxSize <= Preprocessor.side, "boxSize must be in 1...\(Preprocessor.side)")
        precondition(std > 0, "std must be positive")
        self.background = background
        self.inkThreshold = inkThreshold
        self.blackLevel = blackLevel
        self.peakPercentile = peakPercentile
        self.minContrast = minContrast
        self.removeSpecks = removeSpecks
        self.flatField = flatField
        self.backgroundBlocks = backgroundBlocks
        self.backgroundPercentile = backgroundPercentile
        self.boxSize = boxSize
        self.mean = mean
        self.std = std
    }
}
