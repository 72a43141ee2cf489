import Foundation

/// One classified (or failed) file of `edge infer`.
struct InferResult: Encodable {
    var file: String
    /// True label from `labels.csv` beside the file; nil (`unknown`) when not listed.
    var label: Int?
    var prediction: Int?
    var confidence: Float?
    /// The preprocessor found no ink; the prediction is for a blank input.
    var empty: Bool
    var inferenceMicroseconds: Double?
    /// One-line reason when the file could not be classified.
    var error: String?

    enum CodingKeys: String, CodingKey {
        case file, label, prediction, confidence, empty, inferenceMicroseconds = "inference_us", error
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(label, forKey: .label)
        try container.encode(prediction, forKey: .prediction)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(empty, forKey: .empty)
        try container.encode(inferenceMicroseconds, forKey: .inferenceMicroseconds)
        try container.encodeIfPresent(error, forKey: .error)
    }
}

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
        for (index, result) in images.enumerated() {
            if let error = result.error {
                lines.append("\(result.file)  error: \(error)")
                continue
            }
            let truth = result.label.map(String.init) ?? "unknown"
            var line = "\(result.file)  true \(truth)  predicted \(result.prediction!)"
                + String(format: "  confidence %.3f", result.confidence!) + "  \(us(result.inferenceMicroseconds))"
            if index == images.firstIndex(where: { $0.error == nil }) { line += " (cold)" }
            if result.empty { line += "  [empty frame: no ink]" }
            lines.append(line)
        }
        lines.append("inference: cold \(us(coldMicroseconds)) (first call after load), steady p50 \(us(steadyP50Microseconds)) over \(steadyCalls) calls")
        return lines.joined(separator: "\n")
    }
}
