import EdgeTensor

@testable import EdgeKernels

extension Array where Element == Float {
    /// `count` uniform values in [-1, 1).
    static func random(_ count: Int, _ rng: inout SplitMix64) -> [Float] {
        (0..<count).map { _ in Float.random(in: -1..<1, using: &rng) }
    }
}

/// The bar for fast-vs-reference agreement: max |fast − reference| / max |reference| ≤ 1e-4.
let relativeTolerance: Float = 1e-4

/// Max absolute difference relative to the largest reference magnitude (0 for two empty arrays).
func relativeError(_ actual: [Float], _ expected: [Float]) -> Float {
    precondition(actual.count == expected.count, "\(actual.count) vs \(expected.count) elements")
    let scale = expected.reduce(Float(0)) { max($0, abs($1)) }
    let diff = zip(actual, expected).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
    if diff.isNaN { return .infinity }
    return scale > 0 ? diff / scale : diff
}

/// Runs `body` with mutable pointers to fresh arrays of the given sizes and returns the arrays.
func withOutputs(_ counts: [Int], _ body: ([UnsafeMutablePointer<Float>]) -> Void) -> [[Float]] {
    let buffers = counts.map { UnsafeMutablePointer<Float>.allocate(capacity: max($0, 1)) }
    defer { for buffer in buffers { buffer.deallocate() } }
    for (buffer, count) in zip(buffers, counts) { buffer.initialize(repeating: .nan, count: max(count, 1)) }
    body(buffers)
    let result = zip(buffers, counts).map { Array(UnsafeBufferPointer(start: $0.0, count: $0.1)) }
    return result
}
