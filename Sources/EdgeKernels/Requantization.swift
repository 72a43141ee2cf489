/// int32 accumulator → int8/uint8 output by a fixed-point multiplier, computed once at load
/// (TFLite's scheme): the real multiplier `input_scale · weight_scale / output_scale` is
/// `multiplier · 2^(shift − 31)` with `multiplier` in [2^30, 2^31).
///
/// `apply` is pure integer arithmetic, so every kernel path gives the same bits.
public struct Requantization: Sendable, Hashable {
    public var multiplier: Int32
    /// Power of two applied with the multiplier (negative: a right shift).
    public var shift: Int

    /// The fixed-point form of `real` (> 0, < 2^31). `real = 0` gives a multiplier of 0.
    public init(real: Double) {
        precondition(real >= 0 && real < 2_147_483_648, "requantization multiplier \(real) out of range")
        guard real > 0 else {
            multiplier = 0
            shift = 0
            return
        }
        var exponent = 0
        var fraction = real
        // real = fraction · 2^exponent with fraction in [0.5, 1).
        while fraction >= 1 {
            fraction /= 2
            exponent += 1
        }
        while fraction < 0.5 {
            fraction *= 2
            exponent -= 1
        }
        var q = Int64((fraction * 2_147_483_648).rounded(.toNearestOrAwayFromZero))
        if q == 2_147_483_648 {
            q /= 2
            exponent += 1
        }
        multiplier = Int32(q)
        shift = exponent
    }

    /// `clamp(round(acc · real) + zeroPoint, lower, upper)`; ties round up (toward +∞), an
    /// arithmetic right shift of the 64-bit product plus half.
    @inlinable
    public func apply(_ accumulator: Int32, zeroPoint: Int32, lower: Int32, upper: Int32) -> Int32 {
        let product = Int64(accumulator) * Int64(multiplier)
        let right = 31 - shift
        let scaled: Int64
        if right <= 0 {
            scaled = product << -right
        } else if right >= 63 {
            scaled = 0
        } else {
            scaled = (product + (Int64(1) << (right - 1))) >> right
        }
        let value = scaled + Int64(zeroPoint)
        return Int32(min(max(value, Int64(lower)), Int64(upper)))
    }
}
