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
    /// Light falls from 1 to `1 - illumination` across the frame (linear gradient).
    public var illumination: Double = 0.2
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
