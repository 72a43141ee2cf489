/// Flat-field correction for a digit on unevenly lit paper (Preprocessor's first step on frames
/// whose paper is not one level).
///
/// The paper level is estimated locally: the frame is split into a grid of up to
/// `PreprocessOptions.backgroundBlocks`² blocks (at least 16 px each), and each block's paper
/// level is a low percentile (`PreprocessOptions.backgroundPercentile`) of its values in ink
/// polarity (ink bright), so a block stays correct while ink covers most of it, raised by
/// `noiseMargin` σ of the sensor noise (estimated from the blocks' quartiles). A block that ink
/// filled completely stands out above the median of its 3×3 neighbourhood and takes that median
/// (the grid's border is extrapolated linearly, so a ramp's medians are exact). Between block
/// centers the map is bilinear.
///
/// The correction treats illumination as multiplicative, as light is: with `P` the local paper
/// level and `R` the median paper level (stored values), the corrected ink-polarity value is
/// `(ink(v) − ink(P)) · R / P`, rounded and clamped to 0...255. Paper becomes 0 everywhere (but
/// for a rare noise outlier) and a stroke has the same contrast in the dark and in the bright
/// part of the frame; the usual levels, crop and stretch then run on the corrected image.
///
/// Cost (release, p50): 320×240 gray 160 µs with it vs 77 µs without; 96×96 gray 47 vs 27 µs.
///
/// Threading: pure functions over caller-owned buffers.
enum FlatField {
    /// Largest grid side; the map buffers hold `maxBlocks²` values.
    static let maxBlocks = 16
    /// Smallest block side in pixels: smaller blocks would be covered by one stroke.
    static let minBlockSide = 16
    /// The map is raised by this many noise σ above the percentile level, so paper noise falls
    /// to 0 after subtraction (from the default 10th percentile, 1.28 σ below the mean paper, to
    /// 2.7 σ above it: 99.6% of the paper).
    static let noiseMargin: Float = 4

    /// The block grid of a paper-level map.
    struct Grid {
        let columns: Int
        let rows: Int
        let width: Int
        let height: Int

        init(width: Int, height: Int, blocks: Int) {
            self.width = width
            self.height = height
            columns = max(1, min(blocks, width / FlatField.minBlockSide))
            rows = max(1, min(blocks, height / FlatField.minBlockSide))
        }

        var count: Int { columns * rows }
        /// First pixel column of block column `index` (`index == columns` gives `width`).
        func left(_ index: Int) -> Int { index * width / columns }
        func top(_ index: Int) -> Int { index * height / rows }
        /// Pixel coordinate of block column `index`'s center.
        func centerX(_ index: Int) -> Float { Float(left(index) + left(index + 1) - 1) / 2 }
        func centerY(_ index: Int) -> Float { Float(top(index) + top(index + 1) - 1) / 2 }
    }

    /// Estimates the paper-level map (ink polarity) of `input` into `map` (`grid.count` values,
    /// row-major; the paper's noise ceiling: percentile level + `noiseMargin` σ) and returns true
    /// when it varies by more than `tolerance` gray levels, i.e. when correcting is worth it. A block more than `tolerance` above the median of its 3×3
    /// neighbourhood (ink filled it) takes that median instead.
    /// - Precondition: `map.count >= grid.count`.
    static func estimate(
        _ input: UnsafeBufferPointer<UInt8>, grid: Grid, levels: InkLevels, percentile: Float,
        tolerance: Float, map: UnsafeMutableBufferPointer<Float>
    ) -> Bool {
        guard grid.count > 1 else { return false }
        let width = grid.width
        let paddedColumns = grid.columns + 2
        // The block levels with a one-block border extrapolated linearly (2·edge − next), so a
        // linear ramp stays a linear ramp and its medians stay exact at the edges too.
        let paddedCount = paddedColumns * (grid.rows + 2)
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: paddedCount + 9 + grid.count) { buffer in
            let padded = UnsafeMutableBufferPointer(rebasing: buffer[0..<paddedCount])
            let window = UnsafeMutableBufferPointer(rebasing: buffer[paddedCount..<paddedCount + 9])
            var spreads = UnsafeMutableBufferPointer(rebasing: buffer[(paddedCount + 9)...])
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { bins in
                for row in 0..<grid.rows {
                    let y0 = grid.top(row)
                    let y1 = grid.top(row + 1)
                    for column in 0..<grid.columns {
                        let x0 = grid.left(column)
                        let x1 = grid.left(column + 1)
                        // Large blocks are subsampled to about 128–300 pixels, plenty for quartiles.
                        let step = max(1, Int((Float((x1 - x0) * (y1 - y0)) / 128).squareRoot()))
                        bins.update(repeating: 0)
                        var count = 0
                        var y = y0
                        while y < y1 {
                            var x = x0
                            while x < x1 {
                                bins[Int(levels.ink(input[y * width + x]))] &+= 1
                                count += 1
                                x += step
                            }
                            y += step
                        }
                        let (level, q10, q25) = LevelHistogram.levels(
                            UnsafeBufferPointer(bins),
                            ranks: (
                                LevelHistogram.rank(count: count, quantile: percentile),
                                LevelHistogram.rank(count: count, quantile: 0.1),
                                LevelHistogram.rank(count: count, quantile: 0.25)
                            ))
                        padded[(row + 1) * paddedColumns + column + 1] = Float(level)
                        spreads[row * grid.columns + column] = Float(q25 - q10)
                    }
                }
            }
            func extend(_ edge: Int, _ next: Int) -> Float {
                padded[edge] + (next == edge ? 0 : padded[edge] - padded[next])
            }
            let lastRow = grid.rows
            let lastColumn = grid.columns
            for column in 1...lastColumn {
                padded[column] = extend(paddedColumns + column, min(2, lastRow) * paddedColumns + column)
                padded[(lastRow + 1) * paddedColumns + column] =
                    extend(lastRow * paddedColumns + column, max(1, lastRow - 1) * paddedColumns + column)
            }
            for row in 0...(lastRow + 1) {
                let base = row * paddedColumns
                padded[base] = extend(base + 1, base + min(2, lastColumn))
                padded[base + lastColumn + 1] = extend(base + lastColumn, base + max(1, lastColumn - 1))
            }
            // Sensor noise: q25 − q10 of Gaussian noise is 0.607 σ; the median over blocks
            // ignores blocks where ink reaches the quartile.
            spreads.sort()
            let noise = spreads[grid.count / 2] / 0.607
            var low = Float.infinity
            var high = -Float.infinity
            for row in 0..<grid.rows {
                for column in 0..<grid.columns {
                    var n = 0
                    for dy in 0...2 {
                        for dx in 0...2 {
                            window[n] = padded[(row + dy) * paddedColumns + column + dx]
                            n += 1
                        }
                    }
                    // Insertion sort of nine values.
                    for i in 1..<9 {
                        let value = window[i]
                        var j = i - 1
                        while j >= 0 && window[j] > value {
                            window[j + 1] = window[j]
                            j -= 1
                        }
                        window[j + 1] = value
                    }
                    let own = padded[(row + 1) * paddedColumns + column + 1]
                    let level = own > window[4] + tolerance ? window[4] : own
                    map[row * grid.columns + column] = level
                    low = min(low, level)
                    high = max(high, level)
                }
            }
            for index in 0..<grid.count { map[index] += noiseMargin * noise }
            return high - low > tolerance
        }
    }

    /// Writes the flat-fielded image of `input` (ink polarity, paper ≈ 0) into `out` and its
    /// 256-bin histogram into `histogram` (one pass instead of two).
    /// - Parameter map: the paper levels `estimate` wrote (ink polarity).
    /// - Precondition: `out.count == input.count == grid.width · grid.height`, `histogram.count == 256`.
    static func apply(
        _ input: UnsafeBufferPointer<UInt8>, grid: Grid, levels: InkLevels,
        map: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<UInt8>,
        histogram bins: UnsafeMutableBufferPointer<Int32>
    ) {
        bins.update(repeating: 0)
        let flip = levels.flip
        let width = grid.width
        let height = grid.height
        let count = grid.count
        // Gains R / P from the stored paper levels; R is the median block paper level.
        let stored = { (level: Float) -> Float in levels.inverted ? 255 - level : level }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 3 * count + 3 * grid.columns + grid.rows) { buffer in
            let paper = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
            let gains = UnsafeMutableBufferPointer(rebasing: buffer[count..<2 * count])
            var sorted = UnsafeMutableBufferPointer(rebasing: buffer[2 * count..<3 * count])
            for index in 0..<count { sorted[index] = stored(map[index]) }
            sorted.sort()
            let reference = max(sorted[count / 2], 1)
            for index in 0..<count {
                paper[index] = map[index]
                gains[index] = min(max(reference / max(stored(map[index]), 1), 0.25), 4)
            }
            let rowPaper = UnsafeMutableBufferPointer(rebasing: buffer[3 * count..<3 * count + grid.columns])
            let rowGain = UnsafeMutableBufferPointer(
                rebasing: buffer[3 * count + grid.columns..<3 * count + 2 * grid.columns])
            var zeros: Int32 = 0
            defer { bins[0] &+= zeros }
            let centersStart = 3 * count + 2 * grid.columns
            let centersX = UnsafeMutableBufferPointer(rebasing: buffer[centersStart..<centersStart + grid.columns])
            let centersY = UnsafeMutableBufferPointer(rebasing: buffer[(centersStart + grid.columns)...])
            for column in 0..<grid.columns { centersX[column] = grid.centerX(column) }
            for row in 0..<grid.rows { centersY[row] = grid.centerY(row) }
            for y in 0..<height {
                // Vertical interpolation of the block rows around y.
                let (r0, r1, fy) = bracket(Float(y), count: grid.rows, center: { centersY[$0] })
                for column in 0..<grid.columns {
                    let a = r0 * grid.columns + column
                    let b = r1 * grid.columns + column
                    rowPaper[column] = paper[a] + (paper[b] - paper[a]) * fy
                    rowGain[column] = gains[a] + (gains[b] - gains[a]) * fy
                }
                // Horizontal: piecewise linear between block centers, constant beyond the ends.
                let row = y * width
                var x = 0
                for segment in -1..<grid.columns {
                    let c0 = max(segment, 0)
                    let c1 = min(segment + 1, grid.columns - 1)
                    let end =
                        segment + 1 < grid.columns
                        ? min(width, Int(centersX[segment + 1].rounded(.down)) + 1) : width
                    let span = c1 > c0 ? centersX[c1] - centersX[c0] : 1
                    let p0 = rowPaper[c0]
                    let dp = (rowPaper[c1] - p0) / span
                    let g0 = rowGain[c0]
                    let dg = (rowGain[c1] - g0) / span
                    var t = Float(x) - centersX[c0]
                    // Eight pixels at a time. Rounding without a trapping conversion: adding
                    // 1.5·2²³ to a value in 0...255 leaves it, rounded, in the low mantissa bits.
                    let magic: Float = 12_582_912
                    let lanes = SIMD8<Float>(0, 1, 2, 3, 4, 5, 6, 7)
                    let flips = SIMD8<UInt8>(repeating: flip)
                    var paperLevel = p0 + dp * (lanes + t)
                    var gain = g0 + dg * (lanes + t)
                    let paperStep = SIMD8<Float>(repeating: 8 * dp)
                    let gainStep = SIMD8<Float>(repeating: 8 * dg)
                    while x + 8 <= end {
                        let raw = UnsafeRawPointer(input.baseAddress! + row + x).loadUnaligned(as: SIMD8<UInt8>.self)
                        let ink = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: raw ^ flips))
                        var value = (ink - paperLevel) * gain
                        paperLevel += paperStep
                        gain += gainStep
                        // (`clamped` calls the generic pointwiseMin/Max out of line.)
                        value.replace(with: 0, where: value .< 0)
                        value.replace(with: 255, where: value .> 255)
                        value += magic
                        let level = SIMD8<UInt8>(truncatingIfNeeded: unsafeBitCast(value, to: SIMD8<UInt32>.self))
                        UnsafeMutableRawPointer(out.baseAddress! + row + x).storeBytes(of: level, as: SIMD8<UInt8>.self)
                        t += 8
                        x += 8
                    }
                    while x < end {
                        let value = (Float(input[row + x] ^ flip) - (p0 + dp * t)) * (g0 + dg * t)
                        out[row + x] = UInt8(truncatingIfNeeded: (min(max(value, 0), 255) + magic).bitPattern)
                        t += 1
                        x += 1
                    }
                }
                // Histogram apart from the arithmetic, which then vectorizes; paper is 0 and a
                // bins[0] += 1 per pixel would be a chain of store-to-load dependencies.
                x = 0
                while x + 16 <= width {
                    // Two 64-bit words: SIMD16's `==` compiles to a lane-by-lane loop.
                    let chunk = UnsafeRawPointer(out.baseAddress! + row + x)
                    if chunk.loadUnaligned(as: UInt64.self) | chunk.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                        == 0
                    {
                        zeros += 16
                    } else {
                        for lane in x..<x + 16 { bins[Int(out[row + lane])] &+= 1 }
                    }
                    x += 16
                }
                while x < width {
                    bins[Int(out[row + x])] &+= 1
                    x += 1
                }
            }
        }
    }

    /// The two block indices around pixel coordinate `position` and the weight of the second.
    @inline(__always)
    static func bracket(_ position: Float, count: Int, center: (Int) -> Float) -> (Int, Int, Float) {
        if position <= center(0) { return (0, 0, 0) }
        if position >= center(count - 1) { return (count - 1, count - 1, 0) }
        var index = 0
        while center(index + 1) < position { index += 1 }
        let c0 = center(index)
        let c1 = center(index + 1)
        return (index, index + 1, (position - c0) / (c1 - c0))
    }
}
