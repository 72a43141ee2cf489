import EdgeTensor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A seeded generator of camera-like frames: a test-split MNIST digit drawn onto paper at a
/// random position, scale and small rotation, under uneven illumination, blur, sensor noise and
/// a slow exposure drift.
///
/// Frame `k` depends only on the seed, `k` and the settings (each frame has its own random
/// stream), so any frame can be rendered alone and the same seed gives the same pixels on every
/// machine. Thread-safe: rendering does not mutate the camera.
public struct SyntheticCamera: Sendable {
    /// How frames look.
    public struct Settings: Sendable, Equatable {
        public var width: Int
        public var height: Int
        /// `.gray` or `.rgb`.
        public var format: Image.Format
        /// Digit ink height as a fraction of the frame height.
        public var scale: ClosedRange<Double>
        /// Largest rotation either way, degrees.
        public var rotationDegrees: Double
        /// Illumination gradient: light falls from 1 to `1 - illumination` across the frame.
        public var illumination: Double
        /// Sensor noise standard deviation, gray levels.
        public var noise: Double
        /// Gaussian blur sigma, pixels.
        public var blur: Double
        /// Exposure drift amplitude, fraction of full scale, over a ~10 s (300 frame) period.
        public var exposureDrift: Double
        /// Dark ink on light paper (true) or light on dark.
        public var darkOnLight: Bool

        public init(
            width: Int = 96, height: Int = 96, format: Image.Format = .gray,
            scale: ClosedRange<Double> = 0.45...0.8, rotationDegrees: Double = 12,
            illumination: Double = 0.2, noise: Double = 4, blur: Double = 0.6,
            exposureDrift: Double = 0.15, darkOnLight: Bool = true
        ) {
            precondition(width >= 28 && height >= 28, "frames must be at least 28x28")
            precondition(format == .gray || format == .rgb, "synthetic frames are gray or RGB")
            self.width = width
            self.height = height
            self.format = format
            self.scale = scale
            self.rotationDegrees = rotationDegrees
            self.illumination = illumination
            self.noise = noise
            self.blur = blur
            self.exposureDrift = exposureDrift
            self.darkOnLight = darkOnLight
        }
    }

    /// One rendered frame.
    public struct Frame: Sendable {
        public var image: Image
        /// The digit's true label.
        public var label: Int
        /// Which test-split image was drawn.
        public var digitIndex: Int
    }

    public let digits: MNISTDataset
    public let settings: Settings
    public let seed: UInt64

    /// - Parameter digits: the data set to draw digits from (the test split, by convention); not empty.
    public init(digits: MNISTDataset, settings: Settings = .init(), seed: UInt64) {
        precondition(digits.count > 0, "the synthetic camera needs at least one digit")
        self.digits = digits
        self.settings = settings
        self.seed = seed
    }

    /// Renders frame `index` (>= 0).
    public func render(frame index: Int) -> Frame {
        var rng = SplitMix64(seed: seed, index: UInt64(index))
        let s = settings
        let digitIndex = Int(rng.next() % UInt64(digits.count))
        let label = Int(digits.labels[digitIndex])

        // Geometry: MNIST ink spans ~20 of the 28 pixels, so scale the 28-box accordingly.
        let inkHeight = rng.uniform(s.scale) * Double(s.height)
        let pixelScale = inkHeight / 20  // frame pixels per digit pixel
        let angle = rng.uniform(-s.rotationDegrees...s.rotationDegrees) * Double.pi / 180
        let half = 14 * pixelScale * (abs(cos(angle)) + abs(sin(angle)))
        let cx = rng.uniform(min(half, Double(s.width) / 2)...max(Double(s.width) - half, Double(s.width) / 2))
        let cy = rng.uniform(min(half, Double(s.height) / 2)...max(Double(s.height) - half, Double(s.height) / 2))

        // Photometry: paper and ink levels, a linear light gradient, a slow exposure drift.
        let paper = rng.uniform(170...215)
        let ink = rng.uniform(20...60)
        let gradientAngle = rng.uniform(0...(2 * Double.pi))
        // Light falls off linearly along a random direction, from 1 to 1 - illumination across
        // the frame: t = projection of the normalized position, mapped to [0, 1].
        let gx = cos(gradientAngle) / Double(s.width)
        let gy = sin(gradientAngle) / Double(s.height)
        let tOffset = (abs(cos(gradientAngle)) + abs(sin(gradientAngle))) / 2
        let tScale = 1 / (2 * tOffset)
        let exposure = 1 + s.exposureDrift * sin(2 * Double.pi * Double(index) / 300)
        let tint: [Double] = s.format == .rgb ? [1.0, rng.uniform(0.93...0.99), rng.uniform(0.82...0.92)] : [1.0]

        // Render gray luminance in Double, then blur, then per-channel noise and quantization.
        // Every value is computed with the same operations in the same order as the first,
        // straightforward version (pinned by a pixel-hash test); the speed comes from doing
        // no work that cannot change a pixel: no digit lookups outside the digit's box,
        // per-row and per-column terms computed once, no bounds checks, no libm round().
        let width = s.width
        let height = s.height
        let cosA = cos(angle) / pixelScale
        let sinA = sin(angle) / pixelScale
        let outside = s.darkOnLight ? paper : ink  // base level where the digit has no coverage
        // Digit coordinates in (-1, 28) (the bilinear footprint) lie within this frame box.
        let reach = 14.5 * pixelScale * (abs(cos(angle)) + abs(sin(angle))) + 2
        let x0 = max(0, Int((cx - reach).rounded(.down)))
        let x1 = min(width, Int((cx + reach).rounded(.up)) + 1)
        let y0 = max(0, Int((cy - reach).rounded(.down)))
        let y1 = min(height, Int((cy + reach).rounded(.up)) + 1)
        let halfWidth = Double(width) / 2
        let halfHeight = Double(height) / 2
        var columnLight = [Double](repeating: 0, count: width)
        var columnDX = [Double](repeating: 0, count: width)
        for x in 0..<width {
            columnLight[x] = (Double(x) - halfWidth) * gx
            columnDX[x] = Double(x) + 0.5 - cx
        }
        var lum = [Double](repeating: 0, count: width * height)
        digits.withPixels(at: digitIndex) { digit in
            lum.withUnsafeMutableBufferPointer { lum in
                columnLight.withUnsafeBufferPointer { columnLight in
                    columnDX.withUnsafeBufferPointer { columnDX in
                        for y in 0..<height {
                            let dy = Double(y) + 0.5 - cy
                            let rowLight = (Double(y) - halfHeight) * gy
                            let inDigitRows = y >= y0 && y < y1
                            let row = lum.baseAddress! + y * width
                            for x in 0..<width {
                                var base = outside
                                if inDigitRows && x >= x0 && x < x1 {
                                    let dx = columnDX[x]
                                    // Inverse rotation and scale into digit coordinates (pixel centres at +0.5).
                                    let u = cosA * dx + sinA * dy + 14 - 0.5
                                    let v = -sinA * dx + cosA * dy + 14 - 0.5
                                    let coverage = Self.bilinear(digit, u, v) / 255
                                    base =
                                        s.darkOnLight
                                        ? paper + (ink - paper) * coverage : ink + (paper - ink) * coverage
                                }
                                let along = columnLight[x] + rowLight
                                let light = 1 - s.illumination * (along + tOffset) * tScale
                                row[x] = base * light * exposure
                            }
                        }
                    }
                }
            }
        }
        if s.blur > 0 { Self.gaussianBlur(&lum, width: width, height: height, sigma: s.blur) }

        let channels = s.format.channels
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        if s.noise > 0 {
            Self.addNoise(lum, tint: tint, noise: s.noise, channels: channels, rng: &rng, into: &pixels)
        } else {
            for i in 0..<(width * height) {
                for c in 0..<channels { pixels[i * channels + c] = Self.roundedByte(lum[i] * tint[c] + 0) }
            }
        }
        return Frame(
            image: Image(width: width, height: height, format: s.format, pixels: pixels),
            label: label, digitIndex: digitIndex)
    }

    /// Quantizes `lum · tint + noise · N(0, 1)` per pixel and channel, drawing the normals
    /// exactly as `SplitMix64.gaussian()` does, in order. Done in blocks: first the uniforms
    /// (the generator is sequential), then every `log`, every `cos`, then the products, so the
    /// libm calls no longer wait on each other (the same values; 320×240 RGB: 230,400 normals).
    private static func addNoise(
        _ lum: [Double], tint: [Double], noise: Double, channels: Int,
        rng: inout SplitMix64, into pixels: inout [UInt8]
    ) {
        let block = 1024
        var u1 = [Double](repeating: 0, count: block)
        var u2 = [Double](repeating: 0, count: block)
        let total = pixels.count
        lum.withUnsafeBufferPointer { lum in
            tint.withUnsafeBufferPointer { tint in
                pixels.withUnsafeMutableBufferPointer { out in
                    u1.withUnsafeMutableBufferPointer { u1 in
                        u2.withUnsafeMutableBufferPointer { u2 in
                            var start = 0
                            while start < total {
                                let count = min(block, total - start)
                                for j in 0..<count {
                                    u1[j] = max(rng.unit(), 0x1p-53)
                                    u2[j] = rng.unit()
                                }
                                for j in 0..<count { u1[j] = log(u1[j]) }
                                for j in 0..<count { u2[j] = cos(2 * Double.pi * u2[j]) }
                                for j in 0..<count { u1[j] = (-2 * u1[j]).squareRoot() * u2[j] }  // the normals
                                var pixel = start / channels
                                var channel = start % channels
                                for j in 0..<count {
                                    out[start &+ j] = roundedByte(lum[pixel] * tint[channel] + noise * u1[j])
                                    channel &+= 1
                                    if channel == channels {
                                        channel = 0
                                        pixel &+= 1
                                    }
                                }
                                start += count
                            }
                        }
                    }
                }
            }
        }
    }

    /// `UInt8(min(max(value.rounded(), 0), 255))` for finite values, without the libm call:
    /// half-way cases round away from zero, as `rounded()` does.
    @inline(__always)
    static func roundedByte(_ value: Double) -> UInt8 {
        guard value > 0 else { return 0 }
        guard value < 254.5 else { return 255 }
        let whole = Int(value)  // truncation; exact for 0 < value < 254.5
        let up = value - Double(whole) >= 0.5 ? 1 : 0  // a flag, not a branch
        return UInt8(truncatingIfNeeded: whole &+ up)
    }

    /// Bilinear sample of a 28×28 digit at (u, v); 0 outside.
    private static func bilinear(_ d: UnsafeBufferPointer<UInt8>, _ u: Double, _ v: Double) -> Double {
        guard u > -1 && v > -1 && u < 28 && v < 28 else { return 0 }
        let x0 = Int(u.rounded(.down))
        let y0 = Int(v.rounded(.down))
        let fx = u - Double(x0)
        let fy = v - Double(y0)
        func at(_ x: Int, _ y: Int) -> Double {
            (x >= 0 && y >= 0 && x < 28 && y < 28) ? Double(d[y * 28 + x]) : 0
        }
        let top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx
        let bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx
        return top * (1 - fy) + bottom * fy
    }

    /// Separable Gaussian blur with clamped edges (taps summed from -radius to radius).
    private static func gaussianBlur(_ data: inout [Double], width: Int, height: Int, sigma: Double) {
        let radius = max(1, Int((2.5 * sigma).rounded(.up)))
        var kernel = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let sum = kernel.reduce(0, +)
        kernel = kernel.map { $0 / sum }
        var tmp = data
        kernel.withUnsafeBufferPointer { kernel in
            data.withUnsafeMutableBufferPointer { data in
                tmp.withUnsafeMutableBufferPointer { tmp in
                    for y in 0..<height {
                        let row = data.baseAddress! + y * width
                        let out = tmp.baseAddress! + y * width
                        for x in 0..<width {
                            var acc = 0.0
                            if x >= radius && x + radius < width {
                                for k in -radius...radius { acc += kernel[k + radius] * row[x + k] }
                            } else {
                                for k in -radius...radius {
                                    acc += kernel[k + radius] * row[min(max(x + k, 0), width - 1)]
                                }
                            }
                            out[x] = acc
                        }
                    }
                    for y in 0..<height {
                        let out = data.baseAddress! + y * width
                        for x in 0..<width {
                            var acc = 0.0
                            for k in -radius...radius {
                                acc += kernel[k + radius] * tmp[min(max(y + k, 0), height - 1) * width + x]
                            }
                            out[x] = acc
                        }
                    }
                }
            }
        }
    }
}
