import ArgumentParser
import EdgeIO
import EdgeImaging

/// `edge image preprocess <png> -o <out.png>`: writes the 28×28 network input as a PNG.
struct ImagePreprocessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preprocess",
        abstract: "Write the 28x28 image the model sees for a PNG (polarity, crop, 20x20 fit, centering)."
    )

    @Argument(help: "The input PNG (any color type and bit depth).")
    var png: String

    @Option(name: [.short, .customLong("output")], help: "Where to write the 28x28 gray PNG.")
    var output: String

    @Option(parsing: .unconditional, help: "Gray level (0-255) that transparent pixels are composited onto.")
    var background: Int = 255

    @Option(
        help: "Preprocessing file (YAML, docs/preprocess.md); resize mode writes the HxW gray or RGB input it makes.")
    var preprocess: String?

    @Flag(help: "Print one JSON object on stdout.")
    var json = false

    func validate() throws {
        guard (0...255).contains(background) else {
            throw ValidationError("--background must be 0-255, got \(background)")
        }
    }

    func run() throws {
        do { try OutputPath(output).check() } catch { throw CommandError(error.description) }
        if let spec = try ModelSetup.loadPreprocess(preprocess), spec.mode == .resize {
            let image = try PNGCodec.decode(
                contentsOf: png, to: spec.channels.format, options: PNGDecodeOptions(background: UInt8(background)))
            let seen = spec.prepare(image, background: UInt8(background)).image
            try PNGCodec.write(seen, to: output)
            if json {
                print(
                    JSONValue.object([
                        ("file", .string(png)), ("output", .string(output)), ("width", .int(image.width)),
                        ("height", .int(image.height)), ("outcome", .string("resized")),
                    ]).serialized())
            } else {
                print(
                    "\(png) (\(image.width)x\(image.height)) -> \(output): resized to \(spec.width)x\(spec.height) "
                        + "\(spec.channels.rawValue) (\(spec.resize.rawValue))")
            }
            return
        }
        let image = try PNGCodec.decode(
            contentsOf: png, to: .gray, options: PNGDecodeOptions(background: UInt8(background)))
        let result = Preprocessor(options: PreprocessOptions(background: UInt8(background))).process(image)
        try PNGCodec.write(result.image, to: output)
        let outcome = result.isEmpty ? "empty" : (result.passedThrough ? "passed_through" : "centered")
        if json {
            print(
                JSONValue.object([
                    ("file", .string(png)), ("output", .string(output)), ("width", .int(image.width)),
                    ("height", .int(image.height)), ("outcome", .string(outcome)),
                ]).serialized())
        } else {
            let detail =
                switch outcome {
                case "empty": "blank input: wrote a black 28x28 image"
                case "passed_through": "already MNIST-like: passed through unchanged"
                default: "cropped, fitted to 20x20 and centered by center of mass"
                }
            print("\(png) (\(image.width)x\(image.height)) -> \(output): \(detail)")
        }
    }
}
