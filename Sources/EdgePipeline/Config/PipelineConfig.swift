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

    public init(name: String, source: SourceConfig, preprocess: PreprocessConfig = .init(),
                inference: InferenceConfig = .init(), queues: QueuesConfig = .init(),
                sink: SinkConfig = .init(), clock: ClockMode = .real, costModel: CostModel = .init(),
                limits: RunLimits = .init()) {
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

/// Where frames come from.
public enum SourceConfig: Sendable {
    case folder(FolderSourceConfig)
    case syntheticCamera(CameraSourceConfig)

    /// The `type` value in YAML.
    public var typeName: String {
        switch self {
        case .folder: "folder"
        case .syntheticCamera: "synthetic-camera"
        }
    }

    public var rate: FrameRate {
        switch self {
        case .folder(let f): f.rate
        case .syntheticCamera(let c): c.rate
        }
    }
}

/// How fast a source emits frames.
public enum FrameRate: Sendable, Equatable {
    /// As fast as the pipeline takes them.
    case max
    /// Paced at this many frames per second.
    case fps(Double)
}

/// Whether stage times come from the wall clock or from the cost model.
public enum ClockMode: String, Sendable, CaseIterable {
    case real, virtual
}

/// Replays PNG files from a folder.
public struct FolderSourceConfig: Sendable {
    /// File order.
    public enum Order: String, Sendable, CaseIterable {
        /// Sorted by file name.
        case name
        /// The row order of `labels.csv` (files not listed follow, sorted by name).
        case labels
    }
    public var path: String
    public var order: Order = .name
    /// How many times the folder is replayed (>= 1).
    public var loop: Int = 1
    public var rate: FrameRate = .max

    public init(path: String, order: Order = .name, loop: Int = 1, rate: FrameRate = .max) {
        self.path = path
        self.order = order
        self.loop = loop
        self.rate = rate
    }
}

/// A seeded synthetic camera (see ``SyntheticCamera``).
public struct CameraSourceConfig: Sendable {
    public enum Color: String, Sendable, CaseIterable { case gray, rgb }
    public var seed: UInt64 = 1
    public var width: Int = 96
    public var height: Int = 96
    public var color: Color = .gray
    /// Folder of the MNIST IDX files whose test split supplies the digits.
    public var digits: String = "samples/mnist"
    public var rate: FrameRate = .fps(30)
    /// Frames the camera delivers before it stops (nil: until stopped).
    public var frames: Int?
    public var scene = SceneConfig()
    public var faults = FaultConfig()

    public init() {}
}

/// The look of synthetic frames.
public struct SceneConfig: Sendable, Equatable {
    /// Digit height as a fraction of the frame height.
    public var scale: ClosedRange<Double> = 0.45...0.8
    /// Largest rotation either way, degrees.
    public var rotationDegrees: Double = 12
    /// Strength of the illumination gradient, 0 (flat) ... 1.
    public var illumination: Double = 0.35
    /// Sensor noise standard deviation in gray levels.
    public var noise: Double = 4
    /// Gaussian blur sigma in pixels (0: none).
    public var blur: Double = 0.6
    /// Amplitude of the slow exposure drift, as a fraction of full scale.
    public var exposureDrift: Double = 0.15
    /// Dark digit on light paper instead of light on dark.
    public var darkOnLight: Bool = true

    public init() {}
}

/// Sensor faults injected at fixed per-frame rates.
public struct FaultConfig: Sendable, Equatable {
    /// Probability that a frame is not delivered (dropped at stage `source`).
    public var drop: Double = 0
    /// Probability that a frame's bytes are corrupted (fails as `corrupt_png`).
    public var corrupt: Double = 0
    /// Probability that the sensor stalls before a frame.
    public var stall: Double = 0
    /// Length of a stall, milliseconds.
    public var stallMs: Double = 100

    public init() {}
}

/// The preprocessing stage.
public struct PreprocessConfig: Sendable {
    /// Most frames taken from the input queue per wake-up.
    public var batch: Int = 16
    public init() {}
}

/// The inference stage.
public struct InferenceConfig: Sendable {
    public var variant: Variant = .eager
    /// Model file; nil means the variant's default in `models/`.
    public var model: String?
    /// Engine replicas, each in its own actor.
    public var workers: Int = 1
    /// Most frames taken from the input queue per wake-up.
    public var batch: Int = 8
    public init() {}
}

/// Capacity and policy of one queue.
public struct QueueConfig: Sendable, Equatable {
    public var capacity: Int
    public var policy: QueuePolicy
    public init(capacity: Int, policy: QueuePolicy) {
        self.capacity = capacity
        self.policy = policy
    }
}

/// The queues in front of preprocess and inference. (The sink has none: stages call it
/// directly and wait while it is busy, so every frame reaches it.)
public struct QueuesConfig: Sendable {
    public var preprocess = QueueConfig(capacity: 32, policy: .block)
    public var inference = QueueConfig(capacity: 32, policy: .block)
    public init() {}
}

/// The sink: logs and statistics.
public struct SinkConfig: Sendable {
    /// Folder for `edge_log.txt` and `edge_log.jsonl` (nil: no per-frame log).
    public var logDirectory: String? = "logs"
    /// Leading frames excluded from latency statistics and throughput.
    public var warmupFrames: Int = 20
    /// Frames per batched log write.
    public var logBatch: Int = 256
    public init() {}
}

/// Per-frame stage service times of a virtual-clock run, microseconds.
public struct CostModel: Sendable, Equatable {
    public var sourceUs: Double = 20
    public var preprocessUs: Double = 30
    public var inferenceUs: Double = 400
    public var sinkUs: Double = 5
    /// Source cost per megapixel of frame area, added to `sourceUs` (rendering, encoding).
    public var sourcePerMegapixelUs: Double = 2000
    /// Preprocess cost per megapixel of frame area, added to `preprocessUs` (decoding).
    public var preprocessPerMegapixelUs: Double = 4000
    public init() {}
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
