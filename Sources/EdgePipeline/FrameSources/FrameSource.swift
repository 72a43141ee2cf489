/// A sensor: delivers frames one at a time, in id order.
///
/// Sources are driven by ``SourceWorker`` (real clock) or ``VirtualPipeline`` (virtual clock);
/// pacing is theirs, not the source's. `next` never throws: a frame the sensor cannot deliver
/// comes back settled (failed or dropped at `source`).
public protocol FrameSource {
    /// Things the user should know before the run (skipped files, ...), one line each.
    var notes: [String] { get }
    /// Delivers frame `id`, or nil when the source is exhausted.
    mutating func next(id: Int) -> SourceDelivery?
}

/// One delivery from a ``FrameSource``.
public struct SourceDelivery: Sendable {
    /// The frame for preprocessing, or a frame settled at the source.
    public var result: StageResult<SourceFrame>
    /// How long the sensor stalled before this frame, ns (fault injection).
    public var stallNs: UInt64
    /// Pixels in the frame (width × height), for the virtual cost model.
    public var pixelCount: Int

    public init(result: StageResult<SourceFrame>, stallNs: UInt64 = 0, pixelCount: Int) {
        self.result = result
        self.stallNs = stallNs
        self.pixelCount = pixelCount
    }
}

/// A source that cannot start (missing folder, no PNGs, unreadable data set).
public struct SourceError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let problem: String
    /// The pipeline key that named `path` (`source.path`, `source.digits`), when known.
    public let key: String?

    public init(path: String, problem: String, key: String? = nil) {
        self.path = path
        self.problem = problem
        self.key = key
    }

    public var description: String { "\(path): \(problem)" }
}
