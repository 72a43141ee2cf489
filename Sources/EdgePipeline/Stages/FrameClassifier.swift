import EdgeImaging
import EdgeRuntime
import EdgeTensor

/// Decode → preprocess → predict: the one path from a picture to a label, shared by
/// `edge infer`, `edge eval` and the pipeline's preprocess and inference stages, so a frame
/// gets the same rules everywhere.
///
/// The rules: a PNG that does not decode fails with its PNG reason (`corrupt_png`,
/// `truncated`, `not_png`, ...); a picture without ink is not classified (`empty_frame`); an
/// engine error fails as `non_finite_output` (NaN/Inf logits) or `inference_error`.
public struct FrameClassifier: Sendable {
    /// Why a frame was not classified: a machine tag for logs and reports, and one human line
    /// naming the frame.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let reason: String
        public let detail: String

        public init(reason: String, detail: String) {
            self.reason = reason
            self.detail = detail
        }

        public var description: String { detail }
        /// True for a picture without ink (not an error of the file or the model).
        public var isEmptyFrame: Bool { reason == Self.emptyFrame }

        public static let emptyFrame = "empty_frame"
    }

    /// How a picture becomes the input (digit mode by default).
    public let preprocess: Preprocess

    public init(preprocess: Preprocess = .digit) {
        self.preprocess = preprocess
    }

    /// The image format pictures are decoded to: gray for a gray input, RGB for an RGB one
    /// (a gray PNG then has its value replicated, an RGB PNG given to a gray model becomes BT.601 luma).
    public var decodeFormat: Image.Format { preprocess.channels.format }

    /// Decodes PNG bytes. - Parameter name: names the frame in the failure.
    public func decode(_ bytes: [UInt8], name: String) -> Result<Image, Failure> {
        do {
            return .success(try PNGCodec.decode(bytes, to: decodeFormat, path: name))
        } catch {
            return .failure(Failure(reason: error.reason, detail: error.description))
        }
    }

    /// Reads and decodes the PNG file at `path`.
    public func decode(contentsOf path: String) -> Result<Image, Failure> {
        do {
            return .success(try PNGCodec.decode(contentsOf: path, to: decodeFormat))
        } catch {
            return .failure(Failure(reason: error.reason, detail: error.description))
        }
    }

    /// The network input for `image`, or `empty_frame` when it has no ink (digit mode only).
    public func prepare(_ image: Image, name: String) -> Result<Tensor<Float>, Failure> {
        let result = preprocess.prepare(image)
        if result.isEmpty { return .failure(Failure(reason: Failure.emptyFrame, detail: "\(name): no ink found")) }
        return .success(result.tensor)
    }

    /// The shape ``prepare(_:name:)`` makes, `[1, C, H, W]`.
    public var inputShape: Shape { preprocess.inputShape }

    /// Refuses, before any frame, a model whose input is not what the preprocessing makes.
    /// - Throws: ``PipelineError`` naming both shapes.
    public func checkInput(of signature: ModelSignature) throws(PipelineError) {
        try Self.check(preprocess, against: signature)
    }

    static func check(_ preprocess: Preprocess, against signature: ModelSignature) throws(PipelineError) {
        guard signature.inputShape == preprocess.inputShape else {
            throw PipelineError(
                file: "",
                problem: "the model's input '\(signature.inputName)' is \(signature.inputShape), "
                    + "but the preprocessing (\(preprocess.summary)) makes \(preprocess.inputShape)")
        }
    }

    /// The preprocessing a model runs with: `override` (`--preprocess`, a pipeline's
    /// `preprocess:` keys), else the model's `edge.preprocess`, else digit mode when the
    /// model's input is `[1, 1, 28, 28]`; checked against the model's input shape.
    /// - Parameters:
    ///   - model: what the model file says about itself.
    ///   - path: the model file, named in errors.
    /// - Throws: ``PipelineError`` naming the model: no preprocessing known for a model that is
    ///   not 1×28×28 (with how to give one), or one whose shape differs from the model's input.
    public static func resolve(
        _ override: Preprocess?, model: ModelDescription, signature: ModelSignature, path: String
    ) throws(PipelineError) -> Preprocess {
        let chosen: Preprocess
        if let spec = override ?? model.preprocess {
            chosen = spec
        } else if signature.inputShape == Preprocess.digit.inputShape {
            chosen = .digit
        } else {
            throw PipelineError(
                file: path,
                problem: "the model's input '\(signature.inputName)' is \(signature.inputShape) and the file "
                    + "carries no \(ModelDescription.preprocessKey): give one with --preprocess FILE.yaml "
                    + "(or a pipeline's preprocess: section), or store it with "
                    + "`edge model set-preprocess \(path) --preprocess FILE.yaml`")
        }
        do {
            try check(chosen, against: signature)
        } catch {
            throw PipelineError(file: path, problem: error.problem)
        }
        return chosen
    }

    /// The frame failure for an engine error: `non_finite_output` or `inference_error`.
    public static func failure(_ error: EngineError, name: String) -> Failure {
        let reason = if case .nonFiniteOutput = error { "non_finite_output" } else { "inference_error" }
        return Failure(reason: reason, detail: "\(name): \(error)")
    }

    /// Classifies a prepared input with `context`.
    public static func predict(_ input: Tensor<Float>, with context: any ExecutionContext, name: String) -> Result<
        Prediction, Failure
    > {
        do throws(EngineError) {
            return .success(try context.predict(input))
        } catch {
            return .failure(failure(error, name: name))
        }
    }

    /// The whole path for a decoded picture.
    public func classify(_ image: Image, name: String, with context: any ExecutionContext) -> Result<
        Prediction, Failure
    > {
        prepare(image, name: name).flatMap { Self.predict($0, with: context, name: name) }
    }

    /// The whole path for a PNG file.
    public func classify(contentsOf path: String, with engine: any ExecutionContext) -> Result<Prediction, Failure> {
        decode(contentsOf: path).flatMap { classify($0, name: path, with: engine) }
    }
}
