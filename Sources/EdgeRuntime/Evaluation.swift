/// Accuracy bookkeeping for a labelled evaluation: totals, per-class accuracy and the confusion
/// matrix (rows = true label, columns = predicted label).
public struct Evaluation: Sendable, Equatable {
    /// Number of classes; labels and predictions are in `0..<classCount`.
    public let classCount: Int
    /// `confusion[truth][prediction]` counts.
    public private(set) var confusion: [[Int]]
    /// Predicted labels in the order they were recorded; nil for an unclassified sample.
    public private(set) var predictions: [Int?]
    /// Samples of each true class that were not classified (a picture without ink): they count
    /// in `total` and against the accuracy, never as a prediction of some class.
    public private(set) var unclassified: [Int]

    /// - Precondition: `classCount > 0` (a model's class count, never a number from a file).
    public init(classCount: Int) {
        precondition(classCount > 0)
        self.classCount = classCount
        confusion = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        predictions = []
        unclassified = Array(repeating: 0, count: classCount)
    }

    /// Records one labelled prediction.
    /// - Throws: ``EvaluationError`` when the true label (from a data file) or the prediction
    ///   is outside `0..<classCount`; nothing is recorded then.
    public mutating func record(label: Int, prediction: Int) throws(EvaluationError) {
        guard (0..<classCount).contains(label) else {
            throw EvaluationError("true label \(label) is not a class of this model (0..<\(classCount))")
        }
        guard (0..<classCount).contains(prediction) else {
            throw EvaluationError("prediction \(prediction) is not a class of this model (0..<\(classCount))")
        }
        confusion[label][prediction] += 1
        predictions.append(prediction)
    }

    /// Records a labelled sample that was not classified (`empty_frame`).
    /// - Throws: ``EvaluationError`` when the label is outside `0..<classCount`.
    public mutating func recordUnclassified(label: Int) throws(EvaluationError) {
        guard (0..<classCount).contains(label) else {
            throw EvaluationError("true label \(label) is not a class of this model (0..<\(classCount))")
        }
        unclassified[label] += 1
        predictions.append(nil)
    }

    /// Number of unclassified samples.
    public var unclassifiedCount: Int { unclassified.reduce(0, +) }

    /// Number of recorded predictions.
    public var total: Int { predictions.count }
    /// Number of correct predictions (the confusion matrix's trace).
    public var correct: Int { (0..<classCount).reduce(0) { $0 + confusion[$1][$1] } }
    /// `correct / total`, or nil when nothing was recorded.
    public var accuracy: Double? { total == 0 ? nil : Double(correct) / Double(total) }

    /// Accuracy among samples of each true class (recall); nil for a class with no samples.
    public var perClassAccuracy: [Double?] {
        confusion.enumerated().map { label, row in
            let count = row.reduce(0, +) + unclassified[label]
            return count == 0 ? nil : Double(row[label]) / Double(count)
        }
    }
}

/// A label or prediction outside the model's classes. `description` is one line; callers
/// prefix the file or image it came from.
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
