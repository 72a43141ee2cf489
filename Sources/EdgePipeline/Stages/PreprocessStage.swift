import EdgeImaging

/// Decodes (when the frame is a PNG) and preprocesses a frame into the network input, by
/// ``FrameClassifier``'s rules (a PNG error's reason, or `empty_frame` when no ink is found).
public struct PreprocessStage: FrameStage {
    public static var stage: PipelineStage { .preprocess }
    public let classifier: FrameClassifier

    public init(preprocess: Preprocess = .digit) {
        classifier = FrameClassifier(preprocess: preprocess)
    }

    public mutating func process(_ input: SourceFrame) -> StageResult<PreprocessedFrame> {
        var info = input.info
        let decoded: Result<Image, FrameClassifier.Failure>
        switch input.payload {
        case .image(let raw):
            decoded = .success(raw)
        case .png(let bytes):
            let start = MonotonicClock.now()
            decoded = classifier.decode(bytes, name: info.source)
            info.decodeNs = MonotonicClock.now() - start
        }
        switch decoded.flatMap({ classifier.prepare($0, name: info.source) }) {
        case .success(let tensor):
            return .next(PreprocessedFrame(info: info, tensor: tensor))
        case .failure(let failure):
            return .finished(
                FinishedFrame(info: info, outcome: .failed(reason: failure.reason, detail: failure.detail)))
        }
    }
}
