import EdgeRuntime

/// Classifies preprocessed frames with one engine (one worker's own), by ``FrameClassifier``'s
/// rules: an engine error fails the frame (`non_finite_output`, `inference_error`); the
/// pipeline keeps going.
public struct InferenceStage: FrameStage {
    public static var stage: PipelineStage { .inference }
    let engine: any InferenceEngine
    let worker: Int

    /// - Parameter engine: used by this stage only (engines are not thread-safe).
    public init(engine: any InferenceEngine, worker: Int = 0) {
        self.engine = engine
        self.worker = worker
    }

    public mutating func process(_ input: PreprocessedFrame) -> StageResult<FinishedFrame> {
        var info = input.info
        info.worker = worker
        switch FrameClassifier.predict(input.tensor, with: engine, name: info.source) {
        case .success(let p):
            return .next(FinishedFrame(info: info, outcome: .predicted(label: p.label, confidence: p.confidence)))
        case .failure(let failure):
            return .finished(
                FinishedFrame(info: info, outcome: .failed(reason: failure.reason, detail: failure.detail)))
        }
    }
}
