/// A pipeline stage's contract: the frame type it takes and the one it produces.
///
/// Wiring is generic over these types (``StageWorker``, ``Pipeline``), so a stage can only be
/// connected to a queue of its input type and feed a queue of its output type: the compiler
/// checks the chain. `process` is synchronous and never throws: a frame the stage cannot
/// handle comes back as a failed ``FinishedFrame``, so a stage error never stops the pipeline.
public protocol FrameStage {
    associatedtype Input: FrameCarrying
    associatedtype Output: FrameCarrying
    /// Which stage this is (timestamps, drops and reports are keyed by it).
    static var stage: PipelineStage { get }
    /// Turns one input frame into the next stage's input, or settles its outcome.
    mutating func process(_ input: Input) -> StageResult<Output>
}

/// What a stage made of a frame.
public enum StageResult<Output: FrameCarrying>: Sendable {
    /// Pass on to the next stage.
    case next(Output)
    /// Done early (failed); goes straight to the sink.
    case finished(FinishedFrame)
}
