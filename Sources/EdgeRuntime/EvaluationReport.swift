/// The JSON `edge eval --json` prints (DESIGN.md, "Outputs scripts rely on"):
/// `{"variant", "model", "total", "correct", "accuracy", "per_class", "confusion",
/// "empty_frames", "predictions"}`; `predictions` only when asked for. Accuracies are fractions in 0–1; an
/// accuracy with no samples behind it is `null`.
public struct EvaluationReport: Sendable, Equatable, Codable {
    public var variant: Variant
    /// The model file evaluated, as given.
    public var model: String
    public var total: Int
    public var correct: Int
    public var accuracy: Double?
    public var perClass: [Double?]
    public var confusion: [[Int]]
    /// Images not classified because they hold no ink (`empty_frame`); part of `total`.
    public var emptyFrames: Int
    /// Predicted label per evaluated image, in data order (nil for an empty frame).
    public var predictions: [Int?]?
    /// Class names, index = class (the model's `edge.classes`); nil when it names none.
    public var classes: [String]?

    public init(variant: Variant, model: String, evaluation: Evaluation, includePredictions: Bool) {
        self.variant = variant
        self.model = model
        total = evaluation.total
        correct = evaluation.correct
        accuracy = evaluation.accuracy
        perClass = evaluation.perClassAccuracy
        confusion = evaluation.confusion
        emptyFrames = evaluation.unclassifiedCount
        predictions = includePredictions ? evaluation.predictions : nil
    }

    enum CodingKeys: String, CodingKey {
        case variant, model, total, correct, accuracy
        case perClass = "per_class"
        case confusion
        case emptyFrames = "empty_frames"
        case predictions
        case classes
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(variant, forKey: .variant)
        try container.encode(model, forKey: .model)
        try container.encode(total, forKey: .total)
        try container.encode(correct, forKey: .correct)
        try container.encode(accuracy, forKey: .accuracy)  // null when nothing was evaluated
        try container.encode(perClass, forKey: .perClass)
        try container.encode(confusion, forKey: .confusion)
        try container.encode(emptyFrames, forKey: .emptyFrames)
        try container.encodeIfPresent(predictions, forKey: .predictions)
        try container.encode(classes, forKey: .classes)
    }
}
