extension SyntheticCamera {
    /// SplitMix64: a small, fast, seedable generator whose output is the same on every
    /// platform, so a seed reproduces a frame bit for bit.
    public struct Random: RandomNumberGenerator, Sendable {
        private var state: UInt64

        public init(seed: UInt64) {
            state = seed
        }

        /// A generator for item `index` of stream `seed`, independent of every other index.
        public init(seed: UInt64, index: UInt64, stream: UInt64 = 0) {
            var mixer = Random(seed: seed ^ 0x9E37_79B9_7F4A_7C15 &* (stream &+ 1))
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

        /// Uniform in [0, 1), 53-bit resolution.
        public mutating func unit() -> Double {
            Double(next() >> 11) * 0x1p-53
        }

        /// Uniform in `range`.
        public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + (range.upperBound - range.lowerBound) * unit()
        }

        /// Standard normal (Box-Muller).
        public mutating func gaussian() -> Double {
            let u1 = max(unit(), 0x1p-53), u2 = unit()
            return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
