/// When a frame started and finished each stage, in ``MonotonicClock`` nanoseconds (or virtual
/// nanoseconds in a virtual-clock run). Zero means "not reached". Fixed-size, no heap.
public struct FrameTiming: Sendable, Equatable {
    /// When the source was due to deliver the frame (the pacing schedule; equals the source
    /// start for `rate: max`).
    public var scheduled: UInt64 = 0
    public var starts = SIMD4<UInt64>(repeating: 0)
    public var ends = SIMD4<UInt64>(repeating: 0)

    public init() {}

    public func start(_ stage: PipelineStage) -> UInt64 { starts[stage.rawValue] }
    public func end(_ stage: PipelineStage) -> UInt64 { ends[stage.rawValue] }
    public func reached(_ stage: PipelineStage) -> Bool { ends[stage.rawValue] != 0 }

    public mutating func record(_ stage: PipelineStage, start: UInt64, end: UInt64) {
        starts[stage.rawValue] = start
        ends[stage.rawValue] = end
    }

    /// Service time of `stage` in ns, nil if the frame did not pass through it.
    public func service(_ stage: PipelineStage) -> UInt64? {
        reached(stage) ? ends[stage.rawValue] &- starts[stage.rawValue] : nil
    }

    /// Time the frame waited in front of `stage` in ns: from the end of the previous stage it
    /// went through (for the source, from its scheduled time) to the start of `stage`.
    public func wait(_ stage: PipelineStage) -> UInt64? {
        guard reached(stage) else { return nil }
        let start = starts[stage.rawValue]
        var previous = scheduled
        var s = stage.rawValue - 1
        while s >= 0 {
            if ends[s] != 0 {
                previous = ends[s]
                break
            }
            s -= 1
        }
        return start > previous ? start - previous : 0
    }

    /// End-to-end latency in ns: source start to sink end, nil unless both were reached.
    public var endToEnd: UInt64? {
        guard reached(.source), reached(.sink) else { return nil }
        return end(.sink) &- start(.source)
    }
}
