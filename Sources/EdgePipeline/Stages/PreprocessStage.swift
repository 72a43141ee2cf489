import EdgeImaging

/// Decodes (when the frame is a PNG) and preprocesses a frame into the `[1,1,28,28]` network
/// input. Fails a frame as the PNG error's reason (`corrupt_png`, `truncated`, ...) or as
/// `empty_frame` when no ink is found.
public struct PreprocessStage: FrameStage {
    public static var stage: PipelineStage { .preprocess }
    public let preprocessor: Preprocessor

    public init(preprocessor: Preprocessor = Preprocessor()) {
        self.preprocessor = preprocessor
    }

    public mutating func process(_ input: SourceFrame) -> StageResult<PreprocessedFrame> {
        var info = input.info
        let image: Image
        switch input.payload {
        case .image(let raw):
            image = raw.format == .gray ? raw : raw.converted(to: .gray)
        case .png(let bytes):
            let start = MonotonicClock.now()
            do {
                image = try PNGCodec.decode(bytes, to: .gray, path: info.source)
            } catch {
                return .finished(FinishedFrame(info: info, outcome: .failed(reason: error.reason, detail: error.description)))
            }
            info.decodeNs = MonotonicClock.now() - start
        }
        let result = preprocessor.process(image)
        if result.isEmpty {
            return .finished(FinishedFrame(info: info, outcome: .failed(reason: "empty_frame", detail: "\(info.source): no ink found")))
        }
        return .next(PreprocessedFrame(info: info, tensor: result.tensor))
    }
}
