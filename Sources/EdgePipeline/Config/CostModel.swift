/// Per-frame stage service times of a virtual-clock run, microseconds.
public struct CostModel: Sendable, Equatable {
    public var sourceUs: Double = 20
    public var preprocessUs: Double = 30
    public var inferenceUs: Double = 400
    public var sinkUs: Double = 5
    /// Source cost per megapixel of frame area, added to `sourceUs` (rendering, encoding).
    public var sourcePerMegapixelUs: Double = 2000
    /// Preprocess cost per megapixel of frame area, added to `preprocessUs` (decoding).
    public var preprocessPerMegapixelUs: Double = 4000
    public init() {}
}
