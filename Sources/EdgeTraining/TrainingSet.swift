import EdgeGraph
import EdgeTensor

/// 28×28 gray digits with labels, as the trainer consumes them.
///
/// Pixels are the raw 0–255 MNIST values, row-major, 784 per image; the trainer normalizes
/// with MNIST's mean and standard deviation (DESIGN.md) when it builds a batch.
public struct TrainingSet: Sendable {
    public static let side = 28
    public static let pixelsPerImage = side * side
    public static let mean: Float = 0.1307
    public static let standardDeviation: Float = 0.3081

    public let pixels: [UInt8]
    public let labels: [UInt8]
    public var count: Int { labels.count }

    /// - Throws: `TrainingError` when the pixel count is not 784 per label or a label is not 0–9.
    public init(pixels: [UInt8], labels: [UInt8]) throws(TrainingError) {
        guard pixels.count == labels.count * Self.pixelsPerImage else {
            throw TrainingError(
                "training set: \(pixels.count) pixels for \(labels.count) labels (expected \(labels.count * Self.pixelsPerImage))"
            )
        }
        if let bad = labels.first(where: { $0 > 9 }) {
            throw TrainingError("training set: label \(bad) is not a digit 0–9")
        }
        self.pixels = pixels
        self.labels = labels
    }

    /// The images at `indices` as a normalized `[n, 1, 28, 28]` batch, each shifted by a random
    /// offset in `-maxShift...maxShift` on both axes (vacated pixels are background, 0) when
    /// `maxShift > 0`.
    public func batch(_ indices: ArraySlice<Int>, maxShift: Int, generator: inout SplitMix64) -> (
        input: Tensor<Float>, labels: [Int32]
    ) {
        let side = Self.side
        let scale = 1 / (255 * Self.standardDeviation)
        let background = -Self.mean / Self.standardDeviation
        let input = Tensor<Float>(shape: [indices.count, 1, side, side]) { out in
            for (slot, index) in indices.enumerated() {
                var dx = 0
                var dy = 0
                if maxShift > 0 {
                    let span = UInt64(2 * maxShift + 1)
                    dx = Int(generator.next() % span) - maxShift
                    dy = Int(generator.next() % span) - maxShift
                }
                let source = index * Self.pixelsPerImage
                let target = slot * Self.pixelsPerImage
                for row in 0..<side {
                    let sourceRow = row - dy
                    for column in 0..<side {
                        let sourceColumn = column - dx
                        if sourceRow >= 0, sourceRow < side, sourceColumn >= 0, sourceColumn < side {
                            out[target + row * side + column] =
                                Float(pixels[source + sourceRow * side + sourceColumn]) * scale + background
                        } else {
                            out[target + row * side + column] = background
                        }
                    }
                }
            }
        }
        return (input, indices.map { Int32(labels[$0]) })
    }
}
