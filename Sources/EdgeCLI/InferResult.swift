import EdgeIO

/// One classified (or failed) file of `edge infer`.
struct InferResult {
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

    /// `{"file", "label", "prediction", "confidence", "empty", "inference_us"}`, plus `"error"`
    /// for a file that failed; missing values are `null`.
    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("file", .string(file)), ("label", JSONValue(label)), ("prediction", JSONValue(prediction)),
            ("confidence", JSONValue(confidence.map(Double.init))), ("empty", .bool(empty)),
            ("inference_us", JSONValue(inferenceMicroseconds)),
        ]
        if let error { pairs.append(("error", .string(error))) }
        return .object(pairs)
    }
}
