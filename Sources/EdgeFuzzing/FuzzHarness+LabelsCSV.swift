import EdgeImaging
import Foundation

extension FuzzHarness {
    /// `labels.csv` bytes as every reader takes them: UTF-8 text, then ``LabelsFile``'s parser;
    /// accepted labels must be classes, names bare and unique, and the text it writes back must
    /// parse to the same rows.
    public static func labelsCSV(_ data: UnsafeRawBufferPointer) {
        guard let text = String(validating: Array(data), as: UTF8.self) else { return }
        guard let labels = try? LabelsFile(text: text, path: "labels.csv") else { return }
        precondition(labels.entries.allSatisfy { (0...9).contains($0.label) }, "a label outside 0-9")
        precondition(Set(labels.entries.map(\.file)).count == labels.entries.count, "a file listed twice")
        precondition(
            labels.entries.allSatisfy { !$0.file.isEmpty && !$0.file.contains("/") }, "a name that is not bare")
        let again = try? LabelsFile(text: labels.text, path: "labels.csv")
        precondition(again?.entries == labels.entries, "the written text does not parse back to the same rows")
    }
}
