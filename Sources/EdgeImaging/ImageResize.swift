/// Stretches an 8-bit image to a new width and height (aspect ratio not kept), each channel on
/// its own, for `Preprocess` `resize` mode. Separable: a horizontal pass, then a vertical one,
/// in Float; the result is rounded to 8 bits (half away from zero) and clamped.
///
/// Coordinates are pixel-centre aligned (PyTorch's `align_corners=False`): output index `o`
/// maps to source coordinate `(o + 0.5) · src/dst − 0.5`.
/// - `nearest`: the source pixel `floor((o + 0.5) · src/dst)` (clamped).
/// - `bilinear`: linear interpolation between the two source pixels around the mapped
///   coordinate, clamped at the edges; no antialiasing, so a large shrink skips pixels
///   (PyTorch `interpolate(mode="bilinear", antialias=False)`).
/// - `area`: each output pixel is the mean of the source interval `[o · src/dst, (o+1) · src/dst)`
///   it covers, partial pixels weighted by their overlap (PIL's `BOX`; OpenCV's `INTER_AREA` when
///   shrinking).
/// An image already `width × height` is returned unchanged with every filter.
public enum ImageResize {
    /// `image` resized to `width × height` with `filter`.
    /// - Precondition: `width` and `height` are positive.
    public static func resize(_ image: Image, width: Int, height: Int, filter: Preprocess.Resize) -> Image {
        precondition(width > 0 && height > 0, "resize target must be positive")
        if image.width == width && image.height == height { return image }
        let channels = image.channels
        let horizontal = weights(source: image.width, destination: width, filter: filter)
        let vertical = weights(source: image.height, destination: height, filter: filter)
        // Horizontal pass: image.height rows of width × channels values.
        var rows = [Float](repeating: 0, count: image.height * width * channels)
        image.pixels.withUnsafeBufferPointer { input in
            for y in 0..<image.height {
                let source = y * image.width * channels
                let target = y * width * channels
                for x in 0..<width {
                    for (index, weight) in horizontal[x] {
                        for c in 0..<channels {
                            rows[target + x * channels + c] += weight * Float(input[source + index * channels + c])
                        }
                    }
                }
            }
        }
        var out = [UInt8](repeating: 0, count: width * height * channels)
        for y in 0..<height {
            let target = y * width * channels
            for i in 0..<(width * channels) {
                var sum: Float = 0
                for (index, weight) in vertical[y] { sum += weight * rows[index * width * channels + i] }
                out[target + i] = UInt8(min(max(sum.rounded(), 0), 255))
            }
        }
        return Image(width: width, height: height, format: image.format, pixels: out)
    }

    /// For each output index, the source indices it reads and their weights (summing to 1).
    static func weights(source: Int, destination: Int, filter: Preprocess.Resize) -> [[(Int, Float)]] {
        let scale = Double(source) / Double(destination)
        return (0..<destination).map { o -> [(Int, Float)] in
            switch filter {
            case .nearest:
                return [(min(source - 1, Int(((Double(o) + 0.5) * scale).rounded(.down))), Float(1))]
            case .bilinear:
                let x = min(max((Double(o) + 0.5) * scale - 0.5, 0), Double(source - 1))
                let left = Int(x.rounded(.down))
                let right = min(left + 1, source - 1)
                let t = Float(x - Double(left))
                return left == right || t == 0 ? [(left, Float(1))] : [(left, 1 - t), (right, t)]
            case .area:
                let start = Double(o) * scale
                let end = Double(o + 1) * scale
                var taps: [(Int, Float)] = []
                var index = Int(start.rounded(.down))
                while Double(index) < end, index < source {
                    let overlap = min(end, Double(index + 1)) - max(start, Double(index))
                    if overlap > 0 { taps.append((index, Float(overlap / scale))) }
                    index += 1
                }
                return taps
            }
        }
    }
}
