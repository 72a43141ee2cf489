import EdgeTensor

/// How a picture becomes a model's input: the data form of preprocessing, shared by a
/// pipeline's `preprocess:` section, `--preprocess FILE.yaml` and a model's `edge.preprocess`
/// metadata (docs/preprocess.md).
///
/// The input tensor is `(pixel/255 − mean[c]) / std[c]` per channel `c`, NCHW `[1, C, H, W]`,
/// channels in RGB order. `digit` is the MNIST-style path of ``Preprocessor`` (polarity,
/// flat-field, crop, 20×20 fit, centre of mass; `empty_frame` for a picture without ink) and
/// is always 28×28 gray; `resize` converts the picture to `channels` and stretches it to
/// `size` with the `resize` filter.
public struct Preprocess: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable { case digit, resize }

    public enum Channels: String, Sendable, CaseIterable {
        case gray, rgb
        /// Channels of the input tensor.
        public var count: Int { self == .gray ? 1 : 3 }
        /// The image format pictures are converted to first.
        public var format: Image.Format { self == .gray ? .gray : .rgb }
    }

    /// Resampling filter used when a picture is not already `size` (see ``ImageResize``).
    public enum Resize: String, Sendable, CaseIterable { case bilinear, area, nearest }

    public var mode: Mode
    /// Network input height and width.
    public var height: Int
    public var width: Int
    public var channels: Channels
    /// Per channel, on pixel values scaled to 0..1.
    public var mean: [Float]
    /// Per channel, positive.
    public var std: [Float]
    public var resize: Resize

    /// Largest side accepted for `size`.
    public static let maximumSide = 4096

    /// Checks the values fit together.
    /// - Throws: ``PreprocessError`` naming the key that is wrong.
    public init(
        mode: Mode, height: Int, width: Int, channels: Channels, mean: [Float], std: [Float],
        resize: Resize = .bilinear
    ) throws(PreprocessError) {
        guard (1...Self.maximumSide).contains(height), (1...Self.maximumSide).contains(width) else {
            throw PreprocessError(
                key: "size", problem: "[\(height), \(width)] must be 1...\(Self.maximumSide) on each side")
        }
        if mode == .digit {
            guard height == Preprocessor.side, width == Preprocessor.side else {
                throw PreprocessError(key: "size", problem: "digit mode makes [28, 28], got [\(height), \(width)]")
            }
            guard channels == .gray else {
                throw PreprocessError(key: "channels", problem: "digit mode is gray, got \(channels.rawValue)")
            }
        }
        guard mean.count == channels.count else {
            throw PreprocessError(
                key: "mean", problem: "\(mean.count) value(s) for \(channels.count) \(channels.rawValue) channel(s)")
        }
        guard std.count == channels.count else {
            throw PreprocessError(
                key: "std", problem: "\(std.count) value(s) for \(channels.count) \(channels.rawValue) channel(s)")
        }
        if let bad = mean.first(where: { !$0.isFinite }) {
            throw PreprocessError(key: "mean", problem: "\(bad) is not a finite number")
        }
        if let bad = std.first(where: { !($0.isFinite && $0 > 0) }) {
            throw PreprocessError(key: "std", problem: "\(bad) is not a positive finite number")
        }
        self.mode = mode
        self.height = height
        self.width = width
        self.channels = channels
        self.mean = mean
        self.std = std
        self.resize = resize
    }

    /// DigitCNN's preprocessing: MNIST-style, `(p/255 − 0.1307)/0.3081`.
    public static let digit = try! Preprocess(
        mode: .digit, height: Preprocessor.side, width: Preprocessor.side, channels: .gray,
        mean: [PreprocessOptions().mean], std: [PreprocessOptions().std], resize: .area)

    /// The input tensor's shape, `[1, C, H, W]`.
    public var inputShape: Shape { [1, channels.count, height, width] }

    /// One-line summary, e.g. `resize 32x32 rgb bilinear, mean [0.485, 0.456, 0.406], std [...]`.
    public var summary: String {
        func list(_ values: [Float]) -> String { "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
        return "\(mode.rawValue) \(height)x\(width) \(channels.rawValue)"
            + (mode == .resize ? " \(resize.rawValue)" : "") + ", mean \(list(mean)), std \(list(std))"
    }
}

/// A preprocessing description that does not hold together: the key and the problem.
public struct PreprocessError: Error, Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var problem: String

    public init(key: String, problem: String) {
        self.key = key
        self.problem = problem
    }

    public var description: String { "\(key): \(problem)" }
}
