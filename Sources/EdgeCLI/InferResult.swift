import Foundation

/// One classified (or failed) file of `edge infer`.
struct InferResult: Encodable {
    var file: String
    /// True label from `labels.csv` beside the file; nil (`unknown`) when not listed.
    var label: Int?
    var prediction: Int?
    var confidence: Float?
    /// The preprocessor found no ink: the frame is not classified (`prediction` is nil).
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
