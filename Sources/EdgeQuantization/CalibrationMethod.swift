/// How an activation's calibrated range is chosen from what the observers saw.
public enum CalibrationMethod: Sendable, Equatable, CustomStringConvertible {
    /// The smallest and largest value seen: nothing clips on the calibration data.
    case minMax
    /// The range holding `percentile` % of the values seen (split between the tails when the
    /// tensor has both signs): the rare outliers clip, everything else gets finer steps.
    case percentile(Double)
    /// The threshold whose quantized histogram is closest to the float one in KL divergence
    /// (TensorRT's entropy calibration, as onnxruntime's `CalibrationMethod.Entropy`).
    case entropy

    /// The percentile used when none is given.
    public static let defaultPercentile = 99.99

    /// Parses `minmax`, `percentile` (99.99), `percentile:P` or `entropy`.
    public init?(_ text: String) {
        switch text {
        case "minmax": self = .minMax
        case "percentile": self = .percentile(Self.defaultPercentile)
        case "entropy": self = .entropy
        default:
            guard text.hasPrefix("percentile:"), let p = Double(text.dropFirst("percentile:".count)), p > 50, p <= 100
            else { return nil }
            self = .percentile(p)
        }
    }

    /// The name `--method` takes and the file records.
    public var description: String {
        switch self {
        case .minMax: "minmax"
        case .percentile(let p): p == Self.defaultPercentile ? "percentile" : "percentile:\(p)"
        case .entropy: "entropy"
        }
    }

    /// Whether the method needs a second calibration pass (histograms over the first pass's range).
    var needsHistogram: Bool { self != .minMax }
}
