import EdgePipeline
import Foundation

extension FuzzHarness {
    /// `labels.csv` bytes as the folder source reads them: UTF-8 text, then
    /// `FolderSource.parseLabels(text:path:)`; accepted labels must be digits and the row
    /// order must list exactly the labelled files.
    public static func labelsCSV(_ data: UnsafeRawBufferPointer) {
        guard let text = String(data: Data(data), encoding: .utf8) else { return }
        guard let (labels, order) = try? FolderSource.parseLabels(text: text, path: "labels.csv") else { return }
        precondition(labels.values.allSatisfy { (0...9).contains($0) }, "a label outside 0-9")
        precondition(Set(order) == Set(labels.keys), "row order and labels disagree")
    }
}
