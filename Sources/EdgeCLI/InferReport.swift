import Foundation

/// What `edge infer` prints: a device-style log, or JSON with `--json`.
struct InferReport: Encodable {
    var variant: String
    var model: String
    var kernels: String
    /// The first `predict` call after the engine was built.
    var coldMicroseconds: Double?
    /// Median of `steadyCalls` further calls on the first image.
    var steadyP50Microseconds: Double?
    var steadyCalls: Int
    var images: [InferResult]

    enum CodingKeys: String, CodingKey {
        case variant, model, kernels, coldMicroseconds = "cold_us",
             steadyP50Microseconds = "steady_p50_us", steadyCalls = "steady_calls", images
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(variant, forKey: .variant)
        try container.encode(model, forKey: .model)
        try container.encode(kernels, forKey: .kernels)
        try container.encode(coldMicroseconds, forKey: .coldMicroseconds)
        try container.encode(steadyP50Microseconds, forKey: .steadyP50Microseconds)
        try container.encode(steadyCalls, forKey: .steadyCalls)
        try container.encode(images, forKey: .images)
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// One line per image, then the timing summary.
    func log() -> String {
        func us(_ value: Double?) -> String { value.map { String(format: "%.1f µs", $0) } ?? "n/a" }
        var lines = ["\(variant) · \(model) · kernels \(kernels)"]
        let cold = images.firstIndex { $0.inferenceMicroseconds != nil }
        for (index, result) in images.enumerated() {
            let truth = result.label.map(String.init) ?? "unknown"
            if let error = result.error {
                lines.append("\(result.file)  error: \(error)")
            } else if result.empty {
                lines.append("\(result.file)  true \(truth)  empty frame (no ink), not classified")
            } else {
                lines.append("\(result.file)  true \(truth)  predicted \(result.prediction!)"
                    + String(format: "  confidence %.3f", result.confidence!) + "  \(us(result.inferenceMicroseconds))"
                    + (index == cold ? " (cold)" : ""))
            }
        }
        lines.append("inference: cold \(us(coldMicroseconds)) (first call after load), steady p50 \(us(steadyP50Microseconds)) over \(steadyCalls) calls")
        return lines.joined(separator: "\n")
    }
}
