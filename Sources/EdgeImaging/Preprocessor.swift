import EdgeTensor

/// Turns any gray or color picture of one digit into the network input, the way MNIST was made.
///
/// Steps: grayscale (alpha over `PreprocessOptions.background`) → polarity (a dark digit on
/// light paper is inverted, so ink is bright) → flat-field correction when the paper is unevenly
/// lit (`FlatField`: the local paper level is divided out, paper → 0; skipped when the paper is
/// one level everywhere, e.g. a black MNIST background) → crop to the ink's bounding box (ink =
/// above a threshold relative to the background level and contrast, isolated specks ignored) →
/// contrast stretch (black level → 0, stroke level → 255) → scale to fit a 20×20 box keeping
/// the aspect ratio (triangle filter, antialiased when shrinking) → place in 28×28 so the
/// center of mass lands on pixel (14, 14) (integer shift, as MNIST did; a very lopsided digit
/// may lose an edge row outside the frame) → normalize `(p/255 − 0.1307)/0.3081`.
///
/// A 28×28 input with a black background whose ink fits 20×20 and whose center of mass is
/// within 0.5 px of (14, 14) on each axis is MNIST already: it passes through unchanged (after
/// polarity). A blank image is not an error: the result is flagged `isEmpty`.
///
/// Center of mass is `Σ index · value / Σ value` over pixel indices (row `y`, column `x`).
/// Threading: a value type without shared state; call from any thread.
public struct Preprocessor: Sendable {
    /// Side of the network input.
    public static let side = 28
    /// Pixels of the network input.
    public static let pixelCount = side * side
    /// Shape of the network input tensor.
    public static let inputShape: Shape = [1, 1, side, side]

    public let options: PreprocessOptions

    public init(options: PreprocessOptions = .init()) {
        self.options = options
    }

    /// Preprocesses `image` into a new tensor and 28×28 image.
    public func process(_ image: Image) -> PreprocessResult {
        var pixels = [UInt8](repeating: 0, count: Self.pixelCount)
        var outcome = PreprocessOutcome(isEmpty: true, passedThrough: false)
        let tensor = Tensor<Float>(shape: Self.inputShape) { values in
            pixels.withUnsafeMutableBufferPointer { out in
                outcome = process(image, into: values, pixels: out)
            }
        }
        return PreprocessResult(
            tensor: tensor,
            image: Image(width: Self.side, height: Self.side, format: .gray, pixels: pixels),
            isEmpty: outcome.isEmpty, passedThrough: outcome.passedThrough)
    }

    /// Preprocesses `image` into caller-provided buffers, the per-frame fast path. A gray
    /// MNIST-like input allocates nothing on the heap; the crop-and-fit path makes one scratch
    /// allocation (resampling weights and rows); non-gray input is first converted (one image).
    /// - Parameters:
    ///   - tensor: receives the 784 normalized values (the `[1,1,28,28]` input, row-major).
    ///   - pixels: receives the 784 gray pixels the tensor was made from.
    /// - Precondition: both buffers hold exactly 784 elements.
    @discardableResult
    public func process(
        _ image: Image, into tensor: UnsafeMutableBufferPointer<Float>,
        pixels: UnsafeMutableBufferPointer<UInt8>
    ) -> PreprocessOutcome {
        precondition(
            tensor.count == Self.pixelCount && pixels.count == Self.pixelCount,
            "preprocess outputs need \(Self.pixelCount) elements")
        let gray = image.format == .gray ? image : image.converted(to: .gray, background: options.background)
        let outcome = gray.pixels.withUnsafeBufferPointer { input in
            processGray(input, width: gray.width, height: gray.height, into: pixels)
        }
        normalize(pixels, into: tensor)
        return outcome
    }

    /// Writes `(p/255 − mean)/std` for each pixel.
    func normalize(_ pixels: UnsafeMutableBufferPointer<UInt8>, into tensor: UnsafeMutableBufferPointer<Float>) {
        let scale = 1 / (255 * options.std)
        let offset = options.mean / options.std
        for index in 0..<Self.pixelCount {
            tensor[index] = Float(pixels[index]) * scale - offset
        }
    }

    /// The core on 8-bit gray input; writes the 28×28 result into `out`.
    func processGray(
        _ input: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
        into out: UnsafeMutableBufferPointer<UInt8>
    ) -> PreprocessOutcome {
        let blank = PreprocessOutcome(isEmpty: true, passedThrough: false)
        out.update(repeating: 0)
        guard width > 0, height > 0, let levels = InkLevels(input, count: width * height, options: options) else {
            return blank
        }
        if width == Self.side, height == Self.side, levels.background == 0 {
            // Black background: MNIST already when the ink fits the box and is centered.
            guard let box = inkBox(input, width: width, height: height, levels: levels) else { return blank }
            if box.width <= options.boxSize, box.height <= options.boxSize,
                let center = centerOfMass(input, width: width, height: height, levels: levels),
                abs(center.x - 14) <= 0.5, abs(center.y - 14) <= 0.5
            {
                for index in 0..<Self.pixelCount { out[index] = levels.ink(input[index]) }
                return PreprocessOutcome(isEmpty: false, passedThrough: true)
            }
            return fit(input, width: width, height: height, levels: levels, box: box, into: out)
        }
        if options.flatField, levels.background != 0 {
            let grid = FlatField.Grid(width: width, height: height, blocks: options.backgroundBlocks)
            let corrected: PreprocessOutcome? = withUnsafeTemporaryAllocation(
                of: Float.self, capacity: grid.count
            ) { map in
                // Paper variation the black level would remove anyway is left alone.
                let tolerance = options.blackLevel * Float(Int(levels.peak) - Int(levels.background)) / 2
                guard
                    FlatField.estimate(
                        input, grid: grid, levels: levels, percentile: options.backgroundPercentile,
                        tolerance: tolerance, map: map)
                else {
                    return nil
                }
                return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: width * height) { flat in
                    let flatLevels = withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { bins in
                        FlatField.apply(
                            input, grid: grid, levels: levels, map: UnsafeBufferPointer(map),
                            into: flat, histogram: bins)
                        return InkLevels(histogram: UnsafeBufferPointer(bins), count: width * height, options: options)
                    }
                    let flat = UnsafeBufferPointer(flat)
                    guard let flatLevels,
                        let box = inkBox(flat, width: width, height: height, levels: flatLevels)
                    else {
                        return blank
                    }
                    return fit(flat, width: width, height: height, levels: flatLevels, box: box, into: out)
                }
            }
            if let corrected { return corrected }
        }
        guard let box = inkBox(input, width: width, height: height, levels: levels) else { return blank }
        return fit(input, width: width, height: height, levels: levels, box: box, into: out)
    }

    /// Crop to `box`, contrast stretch, fit the 20×20 box and center by mass into `out`.
    func fit(
        _ input: UnsafeBufferPointer<UInt8>, width: Int, height: Int, levels: InkLevels, box: InkBox,
        into out: UnsafeMutableBufferPointer<UInt8>
    ) -> PreprocessOutcome {
        let blank = PreprocessOutcome(isEmpty: true, passedThrough: false)
        var levels = levels
        levels.stretch(to: stretchPeak(input, width: width, box: box, levels: levels), options: options)
        let scale = Float(options.boxSize) / Float(max(box.width, box.height))
        let fittedWidth = max(1, min(options.boxSize, Int((Float(box.width) * scale).rounded())))
        let fittedHeight = max(1, min(options.boxSize, Int((Float(box.height) * scale).rounded())))
        let fittedCount = fittedWidth * fittedHeight
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: fittedCount) { fitted in
            Resampler.fit(
                input, width: width, box: box, levels: levels,
                into: fitted, width: fittedWidth, height: fittedHeight)
            var total = 0
            var sumX = 0
            var sumY = 0
            for y in 0..<fittedHeight {
                for x in 0..<fittedWidth {
                    let value = Int(fitted[y * fittedWidth + x])
                    total += value
                    sumX += x * value
                    sumY += y * value
                }
            }
            if total == 0 { return blank }
            let centerX = Double(sumX) / Double(total)
            let centerY = Double(sumY) / Double(total)
            // MNIST's rule: an integer shift that puts the center of mass on (14, 14). A very
            // lopsided digit may lose an edge row or column outside the frame, as in MNIST.
            let left = Int((14 - centerX).rounded())
            let top = Int((14 - centerY).rounded())
            for y in max(0, -top)..<min(fittedHeight, Self.side - top) {
                for x in max(0, -left)..<min(fittedWidth, Self.side - left) {
                    out[(top + y) * Self.side + left + x] = fitted[y * fittedWidth + x]
                }
            }
            return PreprocessOutcome(isEmpty: false, passedThrough: false)
        }
    }

    /// Bounding box of ink pixels (above the threshold, specks ignored when asked).
    func inkBox(_ input: UnsafeBufferPointer<UInt8>, width: Int, height: Int, levels: InkLevels) -> InkBox? {
        var minX = width
        var maxX = -1
        var minY = height
        var maxY = -1
        let threshold = levels.threshold
        let flip = SIMD16<UInt8>(repeating: levels.flip)
        let limit = SIMD16<UInt8>(repeating: threshold)
        for y in 0..<height {
            let row = y * width
            var x = 0
            while x < width {
                // Skip 16 background pixels at a time; most of a frame is paper.
                if x + 16 <= width {
                    let chunk = UnsafeRawPointer(input.baseAddress! + row + x).loadUnaligned(as: SIMD16<UInt8>.self)
                    if !any((chunk ^ flip) .> limit) {
                        x += 16
                        continue
                    }
                }
                let end = min(x + 16, width)
                while x < end {
                    defer { x += 1 }
                    guard levels.ink(input[row + x]) > threshold else { continue }
                    if x >= minX && x <= maxX && y <= maxY { continue }  // inside the box already
                    if options.removeSpecks
                        && !hasInkNeighbour(input, width: width, height: height, x: x, y: y, levels: levels)
                    {
                        continue
                    }
                    minX = min(minX, x)
                    maxX = max(maxX, x)
                    minY = min(minY, y)
                    maxY = max(maxY, y)
                }
            }
        }
        guard maxX >= 0 else { return nil }
        return InkBox(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1)
    }

    func hasInkNeighbour(
        _ input: UnsafeBufferPointer<UInt8>, width: Int, height: Int, x: Int, y: Int,
        levels: InkLevels
    ) -> Bool {
        for ny in max(0, y - 1)...min(height - 1, y + 1) {
            for nx in max(0, x - 1)...min(width - 1, x + 1) where nx != x || ny != y {
                if levels.ink(input[ny * width + nx]) > levels.threshold { return true }
            }
        }
        return false
    }

    /// The `options.peakPercentile` level of the ink pixels (above the threshold) in `box`: the
    /// stroke level, robust to hot pixels and to noise riding on the strokes.
    func stretchPeak(_ input: UnsafeBufferPointer<UInt8>, width: Int, box: InkBox, levels: InkLevels) -> UInt8 {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { bins in
            bins.initialize(repeating: 0)
            var total = 0
            for y in box.y..<box.y + box.height {
                for x in box.x..<box.x + box.width {
                    let value = levels.ink(input[y * width + x])
                    if value > levels.threshold {
                        bins[Int(value)] &+= 1
                        total += 1
                    }
                }
            }
            let rank = LevelHistogram.rank(count: total, quantile: options.peakPercentile)
            let level = LevelHistogram.level(UnsafeBufferPointer(bins), rank: rank, from: Int(levels.threshold) + 1)
            return level >= 0 ? UInt8(level) : levels.peak
        }
    }

    /// Center of mass of the ink above the background level, or nil for no ink.
    func centerOfMass(
        _ input: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
        levels: InkLevels
    ) -> (x: Double, y: Double)? {
        var total = 0
        var sumX = 0
        var sumY = 0
        for y in 0..<height {
            for x in 0..<width {
                let value = max(0, Int(levels.ink(input[y * width + x])) - Int(levels.background))
                total += value
                sumX += x * value
                sumY += y * value
            }
        }
        guard total > 0 else { return nil }
        return (Double(sumX) / Double(total), Double(sumY) / Double(total))
    }
}

/// A rectangle of pixels in the input.
struct InkBox: Equatable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int
}
