import EdgeRuntime

/// Classifies preprocessed frames with one engine (one worker's own). An engine error fails
/// the frame as `non_finite_output` (NaN/Inf logits) or `inference_error`; the pipeline keeps going.
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
        do {
            let p = try engine.predict(input.tensor)
            return .next(FinishedFrame(info: info, outcome: .predicted(label: p.label, confidence: p.confidence)))
        } catch let error as EngineError {
            let reason = if case .nonFiniteOutput = error { "non_finite_output" } else { "inference_error" }
            return .finished(FinishedFrame(info: info, outcome: .failed(reason: reason, detail: "\(info.source): \(error)")))
        } catch {
            return .finished(FinishedFrame(info: info, outcome: .failed(reason: "inference_error", detail: "\(info.source): \(error)")))
        }
    }
}
