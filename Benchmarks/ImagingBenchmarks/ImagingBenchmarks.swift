// Imaging hot paths, release build:
//   swift package --disable-sandbox benchmark --target ImagingBenchmarks
// Inputs: a real test digit from samples/digits, and a synthetic 320x240 RGB camera frame
// (gradient paper, sensor noise, a dark digit) generated below with a seeded generator.
import Benchmark
import EdgeImaging
import EdgeTensor

enum Inputs {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()
    static let digitPath = root + "/samples/digits/0004_0.png"
    static let digitPNG: [UInt8] = {
        guard let image = try? PNGCodec.decode(contentsOf: digitPath), let png = try? PNGCodec.encode(image) else {
            fatalError("cannot read \(digitPath)")
        }
        return png
    }()
    static let digit: Image = try! PNGCodec.decode(digitPNG)

    /// The digit, enlarged 5x (nearest) and dark on a lit, noisy, slightly colored page.
    static let frame: Image = {
        var generator = SplitMix64(seed: 42)
        let width = 320
        let height = 240
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let paper = 170 + 50 * x / width + 20 * y / height
                let ink =
                    (x >= 120 && x < 260 && y >= 40 && y < 180)
                    ? Int(digit.pixels[((y - 40) / 5) * 28 + (x - 120) / 5]) : 0
                let level = paper - ink * (paper - 30) / 255
                for channel in 0..<3 {
                    let tint = [6, 0, -8][channel]
                    let noise = Int.random(in: -6...6, using: &generator)
                    pixels[(y * width + x) * 3 + channel] = UInt8(clamping: level + tint + noise)
                }
            }
        }
        return Image(width: width, height: height, format: .rgb, pixels: pixels)
    }()
    static let framePNG: [UInt8] = try! PNGCodec.encode(frame)
    /// The MNIST test split the camera draws from.
    static let digits: MNISTDataset = {
        guard let digits = try? MNISTDataset.load(directory: root + "/samples/mnist", split: .test) else {
            fatalError("cannot read \(root)/samples/mnist")
        }
        return digits
    }()
    /// Frame 0 of the default synthetic camera (96x96 gray, gradient light, noise, blur), seed 7.
    static let cameraFrame: Image = SyntheticCamera(digits: digits, seed: 7).render(frame: 0).image
    static let offCenter: Image = {
        var pixels = [UInt8](repeating: 0, count: 36 * 36)
        for y in 0..<28 { for x in 0..<28 { pixels[(y + 6) * 36 + x + 2] = digit.pixels[y * 28 + x] } }
        return Image(width: 36, height: 36, format: .gray, pixels: pixels)
    }()
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        timeUnits: .microseconds,
        warmupIterations: 100,
        maxDuration: .seconds(3),
        maxIterations: 100_000
    )

    Benchmark("PNG decode 28x28 gray (memory)") { benchmark in
        let png = Inputs.digitPNG
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try PNGCodec.decode(png))
        }
    }

    Benchmark("PNG decode 28x28 gray (file)") { benchmark in
        let path = Inputs.digitPath
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try PNGCodec.decode(contentsOf: path))
        }
    }

    Benchmark("PNG decode 320x240 RGB to RGB (memory)") { benchmark in
        let png = Inputs.framePNG
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try PNGCodec.decode(png, to: .rgb))
        }
    }

    Benchmark("PNG decode 320x240 RGB to gray (memory)") { benchmark in
        let png = Inputs.framePNG
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try PNGCodec.decode(png, to: .gray))
        }
    }

    // The 60 fps camera's budget is 16.7 ms per frame for rendering plus the PNG link.
    let camera320 = SyntheticCamera(
        digits: Inputs.digits, settings: .init(width: 320, height: 240, format: .rgb), seed: 7)
    Benchmark(
        "camera render 320x240 RGB (fresh frame: gradient, blur, per-pixel noise)",
        configuration: .init(maxDuration: .seconds(3), maxIterations: 300)
    ) { benchmark in
        var index = 0
        for _ in benchmark.scaledIterations {
            blackHole(camera320.render(frame: index))
            index += 1
        }
    }
    Benchmark(
        "PNG encode 320x240 RGB, level 1 (the camera link)",
        configuration: .init(maxDuration: .seconds(3), maxIterations: 1000)
    ) { benchmark in
        let frame = camera320.render(frame: 0).image
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try PNGCodec.encode(frame, compressionLevel: 1))
        }
    }

    Benchmark("PNG encode 28x28 gray") { benchmark in
        let digit = Inputs.digit
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try PNGCodec.encode(digit))
        }
    }

    func preprocessBenchmark(
        _ name: String, _ preprocessor: Preprocessor = Preprocessor(),
        _ image: @escaping @Sendable () -> Image
    ) {
        Benchmark(name) { benchmark in
            let input = image()
            var tensor = [Float](repeating: 0, count: Preprocessor.pixelCount)
            var pixels = [UInt8](repeating: 0, count: Preprocessor.pixelCount)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                tensor.withUnsafeMutableBufferPointer { values in
                    pixels.withUnsafeMutableBufferPointer { out in
                        blackHole(preprocessor.process(input, into: values, pixels: out))
                    }
                }
            }
        }
    }
    preprocessBenchmark("preprocess 28x28 MNIST digit (pass-through, into buffers)") { Inputs.digit }
    preprocessBenchmark("preprocess 36x36 off-center digit (crop, fit, center)") { Inputs.offCenter }
    preprocessBenchmark("preprocess 320x240 gray frame (flat-field, crop, fit, center)") {
        Inputs.frame.converted(to: .gray)
    }
    preprocessBenchmark("preprocess 96x96 synthetic camera frame (flat-field, crop, fit, center)") {
        Inputs.cameraFrame
    }
    preprocessBenchmark(
        "preprocess 96x96 synthetic camera frame without flat-field (crop, fit, center)",
        Preprocessor(options: PreprocessOptions(flatField: false))
    ) { Inputs.cameraFrame }
    preprocessBenchmark(
        "preprocess 320x240 gray frame without flat-field (crop, fit, center)",
        Preprocessor(options: PreprocessOptions(flatField: false))
    ) { Inputs.frame.converted(to: .gray) }

    let preprocessor = Preprocessor()
    Benchmark("preprocess 28x28 digit to PreprocessResult (allocating)") { benchmark in
        let digit = Inputs.digit
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(preprocessor.process(digit))
        }
    }
}
