/// Crops, contrast-stretches and resizes the ink box of a gray picture (Preprocessor's fit step).
///
/// Resizing is separable with a triangle (tent) filter whose radius is the scale factor when
/// shrinking (area-like antialiasing, as MNIST's own downscaling) and 1 pixel when enlarging
/// (bilinear). Sample centers are aligned: output pixel `o` covers source coordinate
/// `(o + 0.5) · src/dst − 0.5`.
enum Resampler {
    /// Writes the `box` region of `input` (row stride `width`), in ink polarity and stretched so
    /// `levels.black` → 0 and `levels.peak` → 255, resized to `outWidth × outHeight`, into `out`.
    static func fit(
        _ input: UnsafeBufferPointer<UInt8>, width: Int, box: InkBox, levels: InkLevels,
        into out: UnsafeMutableBufferPointer<UInt8>, width outWidth: Int, height outHeight: Int
    ) {
        let gain = 255 / max(Float(levels.peak) - levels.black, 1)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 256) { lut in
            for value in 0..<256 {
                let ink = Float(levels.ink(UInt8(value)))
                lut[value] = min(max((ink - levels.black) * gain, 0), 255)
            }
            let horizontal = Taps(source: box.width, destination: outWidth)
            let vertical = Taps(source: box.height, destination: outHeight)
            withUnsafeTemporaryAllocation(
                of: Float.self,
                capacity: horizontal.storageCount + vertical.storageCount
                    + box.height * outWidth
            ) { scratch in
                let hWeights = UnsafeMutableBufferPointer(rebasing: scratch[0..<horizontal.storageCount])
                let vWeights = UnsafeMutableBufferPointer(
                    rebasing: scratch[horizontal.storageCount..<horizontal.storageCount + vertical.storageCount])
                let rows = UnsafeMutableBufferPointer(
                    rebasing: scratch[(horizontal.storageCount + vertical.storageCount)...])
                horizontal.fill(hWeights)
                vertical.fill(vWeights)
                // Horizontal pass: box.height rows of outWidth values.
                for y in 0..<box.height {
                    let source = (box.y + y) * width + box.x
                    for x in 0..<outWidth {
                        let first = horizontal.first(x)
                        var sum: Float = 0
                        for tap in 0..<horizontal.count(x) {
                            sum += hWeights[x * horizontal.stride + tap] * lut[Int(input[source + first + tap])]
                        }
                        rows[y * outWidth + x] = sum
                    }
                }
                // Vertical pass into the output, rounded.
                for y in 0..<outHeight {
                    let first = vertical.first(y)
                    for x in 0..<outWidth {
                        var sum: Float = 0
                        for tap in 0..<vertical.count(y) {
                            sum += vWeights[y * vertical.stride + tap] * rows[(first + tap) * outWidth + x]
                        }
                        out[y * outWidth + x] = UInt8(min(max(sum.rounded(), 0), 255))
                    }
                }
            }
        }
    }
}

/// Tent-filter taps along one axis: for each output index, a first source index, a tap count
/// and normalized weights (stored `stride` apart).
struct Taps {
    let source: Int
    let destination: Int
    let radius: Float
    let stride: Int

    init(source: Int, destination: Int) {
        self.source = source
        self.destination = destination
        radius = max(1, Float(source) / Float(destination))
        stride = Int(2 * radius) + 2
    }

    var storageCount: Int { destination * stride }

    func center(_ index: Int) -> Float { (Float(index) + 0.5) * Float(source) / Float(destination) - 0.5 }

    /// First source index contributing to output `index`.
    func first(_ index: Int) -> Int {
        max(0, Int((center(index) - radius).rounded(.up)))
    }

    /// Number of source indices contributing to output `index` (some may weigh 0 at the ends).
    func count(_ index: Int) -> Int {
        let last = min(source - 1, Int((center(index) + radius).rounded(.down)))
        return min(stride, max(0, last - first(index) + 1))
    }

    /// Writes each output's normalized weights at `index * stride`.
    func fill(_ weights: UnsafeMutableBufferPointer<Float>) {
        for index in 0..<destination {
            let middle = center(index)
            let start = first(index)
            let taps = count(index)
            var total: Float = 0
            for tap in 0..<taps {
                let weight = max(0, 1 - abs(Float(start + tap) - middle) / radius)
                weights[index * stride + tap] = weight
                total += weight
            }
            let scale: Float = total > 0 ? 1 / total : 0
            for tap in 0..<taps { weights[index * stride + tap] *= scale }
        }
    }
}
