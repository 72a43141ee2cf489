/// Accuracy bookkeeping for a labelled evaluation: totals, per-class accuracy and the confusion
/// matrix (rows = true label, columns = predicted label).
public struct Evaluation: Sendable, Equatable {
    /// Number of classes; labels and predictions are in `0..<classCount`.
    public let classCount: Int
    /// `confusion[truth][prediction]` counts.
    public private(set) var confusion: [[Int]]
    /// Predicted labels in the order they were recorded.
    public private(set) var predictions: [Int]

    public init(classCount: Int = 10) {
        precondition(classCount > 0)
        self.classCount = classCount
        confusion = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        predictions = []
    }

    /// Records one labelled prediction.
    /// - Precondition: both are in `0..<classCount`.
    public mutating func record(label: Int, prediction: Int) {
        precondition((0..<classCount).contains(label) && (0..<classCount).contains(prediction),
                     "label \(label) / prediction \(prediction) outside 0..<\(classCount)")
        confusion[label][prediction] += 1
        predictions.append(prediction)
    }

    /// Number of recorded predictions.
    public var total: Int { predictions.count }
    /// Number of correct predictions (the confusion matrix's trace).
    public var correct: Int { (0..<classCount).reduce(0) { $0 + confusion[$1][$1] } }
    /// `correct / total`, or nil when nothing was recorded.
    public var accuracy: Double? { total == 0 ? nil : Double(correct) / Double(total) }

    /// Accuracy among samples of each true class (recall); nil for a class with no samples.
    public var perClassAccuracy: [Double?] {
        confusion.enumerated().map { label, row in
            let count = row.reduce(0, +)
            return count == 0 ? nil : Double(row[label]) / Double(count)
        }
    }
}
