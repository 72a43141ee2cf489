/// What travels with a frame through every stage: identity, ground truth and timestamps.
public struct FrameInfo: Sendable, Equatable {
    /// Sequence number allocated by the source, from 0, without gaps.
    public let id: Int
    /// Where the frame came from (file name, or `cam-<id>` for the synthetic camera).
    public let source: String
    /// The true label when known.
    public let label: Int?
    public var timing = FrameTiming()
    /// Which inference worker handled it (for the trace), -1 if none.
    public var worker: Int = -1
    /// PNG decode time inside the preprocess service time, ns (0 when nothing was decoded).
    public var decodeNs: UInt64 = 0

    public init(id: Int, source: String, label: Int?) {
        self.id = id
        self.source = source
        self.label = label
    }
}

/// A value carrying a frame's ``FrameInfo``; every message between stages is one.
public protocol FrameCarrying: Sendable {
    var info: FrameInfo { get set }
}
