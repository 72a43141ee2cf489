/// How well a paced source kept its frame-rate schedule (nil in a report for `rate: max`).
///
/// A frame is late when it starts more than one period after its slot: the sensor (or the
/// renderer behind it) cannot keep the rate, and every later frame inherits the delay.
public struct SourcePacing: Sendable, Equatable {
    /// The configured rate.
    public var targetFPS: Double
    /// Frames the source delivered per second of its run (first slot to last delivery).
    public var deliveredFPS: Double
    /// Frames that started more than one period after their slot.
    public var lateFrames: Int
    /// Largest start delay against the schedule, µs.
    public var maxLatenessUs: Double

    public init(targetFPS: Double, deliveredFPS: Double, lateFrames: Int, maxLatenessUs: Double) {
        self.targetFPS = targetFPS
        self.deliveredFPS = deliveredFPS
        self.lateFrames = lateFrames
        self.maxLatenessUs = maxLatenessUs
    }

    /// True when the source fell behind its schedule at least once.
    public var fellBehind: Bool { lateFrames > 0 }

    /// True when the source delivered its rate over the run (within 1%), late frames or not.
    public var keptRate: Bool { deliveredFPS >= 0.99 * targetFPS }

    /// The one line printed (once, while running) when the source first falls behind.
    static func warning(targetFPS: Double, frame: Int, latenessNs: UInt64, serviceNs: UInt64) -> String {
        func ms(_ ns: UInt64) -> String { String((Double(ns) / 1e5).rounded() / 10) }
        return
            "warning: the source cannot keep \(targetFPS.formatted) fps: frame \(frame) started \(ms(latenessNs)) ms "
            + "behind its slot (the last frame took \(ms(serviceNs)) ms to produce); lateness is reported at the end"
    }
}

extension Double {
    /// Without a trailing ".0" for whole numbers (60, 29.97).
    var formatted: String { self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self) }
}
