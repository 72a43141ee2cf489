/// Size arithmetic for numbers read from files (image headers, tensor shapes, offsets).
///
/// Every loader computes sizes from untrusted fields through these helpers, so an overflow or
/// an absurd size becomes a ``SizeError`` the loader can name its file in, never a trap.
public enum CheckedSize {
    /// Largest element or byte count any loader accepts (2^40: far above any model or image
    /// we handle, far below where `Int` arithmetic on it could overflow).
    public static let limit = 1 << 40

    /// `a × b`, or nil when it overflows `Int` or either operand is negative.
    @inlinable
    public static func product(_ a: Int, _ b: Int) -> Int? {
        guard a >= 0, b >= 0 else { return nil }
        let (value, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? nil : value
    }

    /// The product of `values` (1 for none), or nil when a value is negative or a partial
    /// product overflows (left to right).
    @inlinable
    public static func product<S: Sequence<Int>>(_ values: S) -> Int? {
        var running = 1
        for value in values {
            guard let next = product(running, value) else { return nil }
            running = next
        }
        return running
    }

    /// `a + b`, or nil when it overflows `Int` or either operand is negative.
    @inlinable
    public static func sum(_ a: Int, _ b: Int) -> Int? {
        guard a >= 0, b >= 0 else { return nil }
        let (value, overflow) = a.addingReportingOverflow(b)
        return overflow ? nil : value
    }

    /// The product of `values`, checked against overflow and against `limit`.
    /// - Parameter what: names the quantity in the error ("PNG width × height").
    /// - Throws: ``SizeError`` when a value is negative, the product overflows, or it exceeds `limit`.
    @inlinable
    public static func count<S: Sequence<Int>>(_ values: S, of what: String, limit: Int = CheckedSize.limit)
        throws(SizeError) -> Int
    {
        let values = Array(values)
        if let negative = values.first(where: { $0 < 0 }) {
            throw SizeError("\(what): negative size \(negative) in \(values)")
        }
        guard let total = product(values) else {
            throw SizeError("\(what): \(values.map(String.init).joined(separator: " × ")) overflows")
        }
        guard total <= limit else {
            throw SizeError(
                "\(what): \(values.map(String.init).joined(separator: " × ")) = \(total) exceeds the limit of \(limit)")
        }
        return total
    }
}

/// A size read from a file is negative, overflows or is absurdly large. `description` is one
/// line without the file name; loaders prefix it with theirs.
public struct SizeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
