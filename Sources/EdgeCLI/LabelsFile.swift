import EdgeIO
import Foundation

/// A folder's `labels.csv` (header `file,label`, one PNG file name and digit per line): the
/// true labels of the PNGs beside it.
struct LabelsFile {
    /// Entries in file order.
    let entries: [(file: String, label: Int)]
    private let byFile: [String: Int]

    /// The label of `file` (a bare file name), if listed.
    func label(of file: String) -> Int? { byFile[file] }

    /// Parses `labels.csv` text.
    /// - Throws: `CommandError` naming `path` and the line for a bad header, a malformed line,
    ///   a label outside 0–9 or a file listed twice.
    init(text: String, path: String) throws {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first, header.trimmingCharacters(in: .whitespaces) == "file,label" else {
            throw CommandError("\(path): first line must be the header 'file,label'")
        }
        var entries: [(String, Int)] = []
        var byFile: [String: Int] = [:]
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 2, !fields[0].isEmpty,
                let label = Int(fields[1].trimmingCharacters(in: .whitespaces))
            else {
                throw CommandError("\(path): line \(index + 1) is not 'file,label': \(line)")
            }
            guard (0...9).contains(label) else {
                throw CommandError("\(path): line \(index + 1): label \(label) is not a digit 0-9")
            }
            let file = String(fields[0])
            guard byFile.updateValue(label, forKey: file) == nil else {
                throw CommandError("\(path): line \(index + 1): '\(file)' is listed twice")
            }
            entries.append((file, label))
        }
        self.entries = entries
        self.byFile = byFile
    }

    /// Reads `directory/labels.csv`, or returns nil when there is none.
    /// - Throws: `CommandError` when it exists but cannot be read or parsed.
    static func load(directory: String) throws -> LabelsFile? {
        let path = (directory.isEmpty ? "." : directory) + "/labels.csv"
        guard FileSystem.kind(of: path) != nil else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError("\(path): cannot be read")
        }
        return try LabelsFile(text: String(decoding: data, as: UTF8.self), path: path)
    }
}
