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

    public let preprocessor: Preprocessor

    public init(preprocessor: Preprocessor = Preprocessor()) {
        self.preprocessor = preprocessor
    }

    /// Decodes PNG bytes to gray. - Parameter name: names the frame in the failure.
    public func decode(_ bytes: [UInt8], name: String) -> Result<Image, Failure> {
        do {
            return .success(try PNGCodec.decode(bytes, to: .gray, path: name))
        } catch {
            return .failure(Failure(reason: error.reason, detail: error.description))
        }
    }

    /// Reads and decodes the PNG file at `path` to gray.
    public func decode(contentsOf path: String) -> Result<Image, Failure> {
        do {
            return .success(try PNGCodec.decode(contentsOf: path, to: .gray))
        } catch {
            return .failure(Failure(reason: error.reason, detail: error.description))
        }
    }

    /// The network input for `image`, or `empty_frame` when it has no ink.
    public func prepare(_ image: Image, name: String) -> Result<Tensor<Float>, Failure> {
        let result = preprocessor.process(image.format == .gray ? image : image.converted(to: .gray))
        if result.isEmpty { return .failure(Failure(reason: Failure.emptyFrame, detail: "\(name): no ink found")) }
        return .success(result.tensor)
    }

    /// The shape ``prepare(_:name:)`` makes: `[1, 1, 28, 28]`.
    public static let inputShape: Shape = [1, 1, Preprocessor.side, Preprocessor.side]

    /// Refuses, before any frame, a model whose input is not what the preprocessing makes.
    /// - Throws: ``PipelineError`` naming both shapes.
    public static func checkInput(of signature: ModelSignature) throws(PipelineError) {
        guard signature.inputShape == inputShape else {
            throw PipelineError(
                file: "",
                problem: "the model's input '\(signature.inputName)' is \(signature.inputShape), "
                    + "but digit preprocessing makes \(inputShape)")
        }
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
