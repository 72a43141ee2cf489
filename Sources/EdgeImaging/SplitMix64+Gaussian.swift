import EdgeTensor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension SplitMix64 {
    /// Standard normal (Box-Muller), for the camera's sensor noise. Here rather than in
    /// `EdgeTensor`, which uses no C math library.
    public mutating func gaussian() -> Double {
        let u1 = max(unit(), 0x1p-53)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
