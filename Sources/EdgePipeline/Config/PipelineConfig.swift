import EdgeImaging
import EdgeRuntime

/// A pipeline definition, decoded and validated from a YAML file (see docs/pipeline-config.md).
///
/// Every value is checked when the file is loaded; a run never starts on a config that names
/// an unknown key, has a wrong type or an impossible value.
public struct PipelineConfig: Sendable {
    /// Pipeline name for logs and reports (default: the file name without extension).
    public var name: String
    public var source: SourceConfig
    public var preprocess: PreprocessConfig
    public var inference: InferenceConfig
    public var queues: QueuesConfig
    public var sink: SinkConfig
    /// Wall clock, or the virtual clock of a deterministic run.
    public var clock: ClockMode
    /// Stage service times used when `clock` is `virtual`.
    public var costModel: CostModel
    /// When the run stops besides the source running out (CLI `--frames`, `--seconds`).
    public var limits: RunLimits
    /// The pipeline file this was read from, for errors that arise later (a source folder
    /// that cannot be listed); nil for a config built in code.
    public var file: String?

    public init(
        name: String, source: SourceConfig, preprocess: PreprocessConfig = .init(),
        inference: InferenceConfig = .init(), queues: QueuesConfig = .init(),
        sink: SinkConfig = .init(), clock: ClockMode = .real, costModel: CostModel = .init(),
        limits: RunLimits = .init()
    ) {
        self.name = name
        self.source = source
        self.preprocess = preprocess
        self.inference = inference
        self.queues = queues
        self.sink = sink
        self.clock = clock
        self.costModel = costModel
        self.limits = limits
    }
}

extension PipelineConfig {
    /// The preprocessing frames get: the resolved `preprocess.spec`, digit mode when unset.
    public var preprocessSpec: Preprocess { preprocess.spec ?? .digit }

    /// Sets what the model says about itself before a run: its class count (labels.csv labels
    /// must be below it), class names and the preprocessing frames get.
    public mutating func adopt(classCount: Int, classNames: [String]?, preprocess spec: Preprocess) {
        if case .folder(var folder) = source {
            folder.classCount = classCount
            source = .folder(folder)
        }
        inference.classNames = classNames
        preprocess.spec = spec
    }
}

/// Run limits; nil means none.
public struct RunLimits: Sendable, Equatable {
    public var frames: Int?
    public var seconds: Double?
    public init(frames: Int? = nil, seconds: Double? = nil) {
        self.frames = frames
        self.seconds = seconds
    }
}
