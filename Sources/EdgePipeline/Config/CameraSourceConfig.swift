import EdgeImaging

/// A seeded synthetic camera (see ``SyntheticCamera``). How frames look is the camera's own
/// ``SyntheticCamera/Settings`` (one home for its defaults); the rest is how the pipeline drives it.
public struct CameraSourceConfig: Sendable {
    /// The `color` key's values.
    public enum Color: String, Sendable, CaseIterable {
        case gray, rgb

        var format: Image.Format { self == .rgb ? .rgb : .gray }
        init(_ format: Image.Format) { self = format == .rgb ? .rgb : .gray }
    }
    public var seed: UInt64 = 1
    /// Size, color and scene (the YAML's `width`, `height`, `color` and `scene` keys).
    public var settings = SyntheticCamera.Settings()
    /// Folder of the MNIST IDX files whose test split supplies the digits.
    public var digits: String = "samples/mnist"
    public var rate: FrameRate = .fps(30)
    /// Frames the camera delivers before it stops (nil: until stopped).
    public var frames: Int?
    public var faults = FaultConfig()

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
