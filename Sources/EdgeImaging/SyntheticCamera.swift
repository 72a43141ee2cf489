#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import EdgeTensor

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

        public init(width: Int = 96, height: Int = 96, format: Image.Format = .gray,
                    scale: ClosedRange<Double> = 0.45...0.8, rotationDegrees: Double = 12,
                    illumination: Double = 0.2, noise: Double = 4, blur: Double = 0.6,
                    exposureDrift: Double = 0.15, darkOnLight: Bool = true) {
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
        let paper = rng.uniform(170...215), ink = rng.uniform(20...60)
        let gradientAngle = rng.uniform(0...(2 * Double.pi))
        // Light falls off linearly along a random direction, from 1 to 1 - illumination across
        // the frame: t = projection of the normalized position, mapped to [0, 1].
        let gx = cos(gradientAngle) / Double(s.width), gy = sin(gradientAngle) / Double(s.height)
        let tOffset = (abs(cos(gradientAngle)) + abs(sin(gradientAngle))) / 2
        let tScale = 1 / (2 * tOffset)
        let exposure = 1 + s.exposureDrift * sin(2 * Double.pi * Double(index) / 300)
        let tint: [Double] = s.format == .rgb ? [1.0, rng.uniform(0.93...0.99), rng.uniform(0.82...0.92)] : [1.0]

        // Render gray luminance in Double, then blur, then per-channel noise and quantization.
        let cosA = cos(angle) / pixelScale, sinA = sin(angle) / pixelScale
        var lum = [Double](repeating: 0, count: s.width * s.height)
        digits.withPixels(at: digitIndex) { digit in
            for y in 0..<s.height {
                let dy = Double(y) + 0.5 - cy
                for x in 0..<s.width {
                    let dx = Double(x) + 0.5 - cx
                    // Inverse rotation and scale into digit coordinates (pixel centres at +0.5).
                    let u = cosA * dx + sinA * dy + 14 - 0.5
                    let v = -sinA * dx + cosA * dy + 14 - 0.5
                    let coverage = Self.bilinear(digit, u, v) / 255
                    let along = (Double(x) - Double(s.width) / 2) * gx + (Double(y) - Double(s.height) / 2) * gy
                    let light = 1 - s.illumination * (along + tOffset) * tScale
                    let base = s.darkOnLight ? paper + (ink - paper) * coverage : ink + (paper - ink) * coverage
                    lum[y * s.width + x] = base * light * exposure
                }
            }
        }
        if s.blur > 0 { Self.gaussianBlur(&lum, width: s.width, height: s.height, sigma: s.blur) }

        let channels = s.format.channels
        var pixels = [UInt8](repeating: 0, count: s.width * s.height * channels)
        for i in 0..<(s.width * s.height) {
            for c in 0..<channels {
                let value = lum[i] * tint[c] + (s.noise > 0 ? s.noise * rng.gaussian() : 0)
                pixels[i * channels + c] = UInt8(min(max(value.rounded(), 0), 255))
            }
        }
        return Frame(image: Image(width: s.width, height: s.height, format: s.format, pixels: pixels),
                     label: label, digitIndex: digitIndex)
    }

    /// Bilinear sample of a 28×28 digit at (u, v); 0 outside.
    private static func bilinear(_ d: UnsafeBufferPointer<UInt8>, _ u: Double, _ v: Double) -> Double {
        guard u > -1 && v > -1 && u < 28 && v < 28 else { return 0 }
        let x0 = Int(u.rounded(.down)), y0 = Int(v.rounded(.down))
        let fx = u - Double(x0), fy = v - Double(y0)
        func at(_ x: Int, _ y: Int) -> Double {
            (x >= 0 && y >= 0 && x < 28 && y < 28) ? Double(d[y * 28 + x]) : 0
        }
        let top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx
        let bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx
        return top * (1 - fy) + bottom * fy
    }

    /// Separable Gaussian blur with clamped edges.
    private static func gaussianBlur(_ data: inout [Double], width: Int, height: Int, sigma: Double) {
        let radius = max(1, Int((2.5 * sigma).rounded(.up)))
        var kernel = (-radius...radius).map { exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        let sum = kernel.reduce(0, +)
        kernel = kernel.map { $0 / sum }
        var tmp = data
        for y in 0..<height {
            for x in 0..<width {
                var acc = 0.0
                for k in -radius...radius {
                    acc += kernel[k + radius] * data[y * width + min(max(x + k, 0), width - 1)]
                }
                tmp[y * width + x] = acc
            }
        }
        for y in 0..<height {
            for x in 0..<width {
                var acc = 0.0
                for k in -radius...radius {
                    acc += kernel[k + radius] * tmp[min(max(y + k, 0), height - 1) * width + x]
                }
                data[y * width + x] = acc
            }
        }
    }
}
