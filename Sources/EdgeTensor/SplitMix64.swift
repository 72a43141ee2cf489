/// The project's one seeded random number generator (Vigna's SplitMix64).
///
/// Deterministic across platforms and Swift versions for a given seed: weight initialisation,
/// shuffling and augmentation in training, the synthetic camera, tests and benchmarks all draw
/// from it, so a seed reproduces its numbers bit for bit. Value type: copy it to fork a stream.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator for item `index` of stream `stream` under `seed`, independent of every other
    /// index, so item N can be drawn without drawing items 0..<N first (the camera's frames).
    public init(seed: UInt64, index: UInt64, stream: UInt64 = 0) {
        var mixer = SplitMix64(seed: seed ^ 0x9E37_79B9_7F4A_7C15 &* (stream &+ 1))
        state = mixer.next() ^ (index &* 0xD1B5_4A32_D192_ED03)
        _ = next()
    }

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

    /// Uniform in [0, 1), 53-bit resolution.
    public mutating func unit() -> Double {
        // Through Int64: the same exact value (below 2^53), one signed conversion instruction
        // instead of the unsigned-to-double sequence.
        Double(Int64(bitPattern: next() >> 11)) * 0x1p-53
    }

    /// Uniform in `range`.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * unit()
    }
}
