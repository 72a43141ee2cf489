import EdgeRuntime

/// Classifies preprocessed frames with one execution context (this worker's own), by
/// ``FrameClassifier``'s rules: an engine error fails the frame (`non_finite_output`,
/// `inference_error`); the pipeline keeps going.
///
/// The logits go into a buffer the stage owns, and the label and confidence are read from it
/// without allocating: the stage adds nothing to the engine's own cost per frame.
public struct InferenceStage: FrameStage {
    public static var stage: PipelineStage { .inference }
    let context: any ExecutionContext
    let worker: Int
    private let outputName: String
    private var logits: [Float]

    /// - Parameter context: used by this stage only (contexts are not thread-safe).
    public init(context: any ExecutionContext, worker: Int = 0) {
        self.context = context
        self.worker = worker
        outputName = context.model.signature.outputName
        logits = [Float](repeating: 0, count: context.model.signature.classCount)
    }

    public mutating func process(_ input: PreprocessedFrame) -> StageResult<FinishedFrame> {
        var info = input.info
        info.worker = worker
        let result: Result<(label: Int, confidence: Float), EngineError>
        do throws(EngineError) {
            try context.predict(input.tensor, into: &logits)
            let outputName = self.outputName
            result = .success(
                try logits.withUnsafeBufferPointer { y throws(EngineError) in
                    try Prediction.top(of: y, output: outputName)
                })
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let top):
            return .next(FinishedFrame(info: info, outcome: .predicted(label: top.label, confidence: top.confidence)))
        case .failure(let error):
            let failure = FrameClassifier.failure(error, name: info.source)
            return .finished(
                FinishedFrame(info: info, outcome: .failed(reason: failure.reason, detail: failure.detail)))
        }
    }
}
