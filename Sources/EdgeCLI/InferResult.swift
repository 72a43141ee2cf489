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
    /// Every class's logit, for a classified file.
    var logits: [Float]? = nil

    /// `{"file", "label", "label_name", "prediction", "class", "confidence", "empty", "inference_us",
    /// "logits"}`, plus `"error"` for a file that failed; missing values are `null`. `label_name`
    /// and `class` are the class names (`edge.classes`, else the number as a string).
    func json(classes: [String]?) -> JSONValue {
        func name(_ index: Int?) -> JSONValue {
            guard let index else { return .null }
            if let classes, classes.indices.contains(index) { return .string(classes[index]) }
            return .string(String(index))
        }
        var pairs: [(String, JSONValue)] = [
            ("file", .string(file)), ("label", JSONValue(label)), ("label_name", name(label)),
            ("prediction", JSONValue(prediction)), ("class", name(prediction)),
            ("confidence", JSONValue(confidence.map(Double.init))), ("empty", .bool(empty)),
            ("inference_us", JSONValue(inferenceMicroseconds)),
            ("logits", logits.map { .array($0.map { JSONValue.double(Double($0)) }) } ?? .null),
        ]
        if let error { pairs.append(("error", .string(error))) }
        return .object(pairs)
    }
}
