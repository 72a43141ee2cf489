/// A small, fast, seeded random number generator (Vigna's SplitMix64).
///
/// Deterministic across platforms for a given seed: weight initialisation, tests and
/// benchmarks use it so results repeat exactly.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A float uniformly distributed in `[low, high)`, from the top 24 bits.
    public mutating func nextFloat(in range: Range<Float>) -> Float {
        let unit = Float(next() >> 40) * (1.0 / 16_777_216.0)
        return range.lowerBound + (range.upperBound - range.lowerBound) * unit
    }
}
