import EdgeIO

/// A folder's `labels.csv`: the true label of each PNG beside it. The one parser every
/// command and source uses (`edge eval`, `edge infer`, folder replay, the fuzzer), so one file
/// means the same thing everywhere.
///
/// The rules (docs/pipeline-config.md, "labels.csv"):
/// - UTF-8 text; the first line is the header `file,label`; rows end with LF or CRLF; blank
///   lines are skipped.
/// - A row is `<file>,<label>`. The file is a bare name in the same folder (no `/`), with
///   surrounding spaces trimmed; it may be double-quoted as in CSV (`"a,b.png"`, `""` for a
///   quote inside). The label is a whole number in `0..<classCount`.
/// - A file listed twice is an error (whatever the labels), and so is a header-only file.
/// - ``load(directory:classCount:)`` also refuses rows naming files that are not in the folder.
///
/// Errors name the file and the line.
public struct LabelsFile: Sendable, Equatable {
    /// One row: a file name and its label.
    public struct Entry: Sendable, Equatable {
        public var file: String
        public var label: Int

        public init(file: String, label: Int) {
            self.file = file
            self.label = label
        }
    }

    /// The header line.
    public static let header = "file,label"

    /// Rows in file order.
    public let entries: [Entry]
    private let byFile: [String: Int]
    /// The line of each entry in the text it was parsed from (1-based), for errors.
    private var lineNumbers: [Int]

    /// The label of `file` (a bare file name), if listed.
    public func label(of file: String) -> Int? { byFile[file] }

    /// Labels from rows, in order (for writers; no file is read).
    /// - Precondition: no file twice.
    public init(entries: [Entry]) {
        self.entries = entries
        byFile = Dictionary(
            entries.map { ($0.file, $0.label) },
            uniquingKeysWith: { _, _ in
                preconditionFailure("a file is listed twice")
            })
        lineNumbers = entries.indices.map { $0 + 2 }
    }

    /// Parses labels.csv text. - Parameter path: names the file in errors.
    /// - Throws: `IOError` naming `path` and the line for the first broken rule.
    public init(text: String, path: String, classCount: Int = 10) throws(IOError) {
        // "\r\n" is one Character in Swift: split on it and on a lone "\n".
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first,
            Self.trimmed(first.hasPrefix("\u{FEFF}") ? first.dropFirst() : first) == Self.header
        else {
            throw IOError(path: path, problem: "line 1: expected the header '\(Self.header)'")
        }
        var entries: [Entry] = []
        var numbers: [Int] = []
        var lineOf: [String: Int] = [:]
        for (index, line) in lines.enumerated().dropFirst() where !Self.trimmed(line).isEmpty {
            let number = index + 1
            let entry = try Self.row(line, number: number, path: path, classCount: classCount)
            if let earlier = lineOf.updateValue(number, forKey: entry.file) {
                throw IOError(
                    path: path, problem: "line \(number): '\(entry.file)' is listed twice (first on line \(earlier))")
            }
            entries.append(entry)
            numbers.append(number)
        }
        guard !entries.isEmpty else { throw IOError(path: path, problem: "lists no files (only the header)") }
        self.init(entries: entries)
        lineNumbers = numbers
    }

    /// Reads `directory/labels.csv`; nil when there is none.
    /// - Throws: `IOError` when it cannot be read or parsed, or names a file that is not in
    ///   `directory`.
    public static func load(directory: String, classCount: Int = 10) throws(IOError) -> LabelsFile? {
        let path = (directory.isEmpty ? "." : directory) + "/labels.csv"
        guard FileSystem.kind(of: path) != nil else { return nil }
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path, limit: 64 << 20)
        } catch {
            throw IOError(path: path, problem: error.problem)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw IOError(path: path, problem: "not UTF-8 text")
        }
        let labels = try LabelsFile(text: text, path: path, classCount: classCount)
        for (index, entry) in labels.entries.enumerated()
        where FileSystem.kind(of: (directory.isEmpty ? "." : directory) + "/" + entry.file) == nil {
            throw IOError(
                path: path, problem: "line \(labels.lineNumbers[index]): '\(entry.file)' is not in the folder")
        }
        return labels
    }

    /// The file's text: the header, then one row per entry (names quoted when they need it).
    public var text: String {
        var out = Self.header + "\n"
        for entry in entries {
            let needsQuotes =
                entry.file.contains(",") || entry.file.contains("\"")
                || entry.file != String(Self.trimmed(entry.file[...]))
            let name = needsQuotes ? "\"" + entry.file.replacingAll("\"", with: "\"\"") + "\"" : entry.file
            out += "\(name),\(entry.label)\n"
        }
        return out
    }

    private static func row(_ line: Substring, number: Int, path: String, classCount: Int) throws(IOError) -> Entry {
        func failure(_ problem: String) -> IOError { IOError(path: path, problem: "line \(number): \(problem)") }
        var rest = trimmed(line)
        let file: String
        if rest.hasPrefix("\"") {
            // A quoted name: "" is a quote; the name ends at the quote before the comma.
            var name = ""
            var index = rest.index(after: rest.startIndex)
            var closed = false
            while index < rest.endIndex {
                let character = rest[index]
                index = rest.index(after: index)
                if character == "\"" {
                    if index < rest.endIndex && rest[index] == "\"" {
                        name.append("\"")
                        index = rest.index(after: index)
                    } else {
                        closed = true
                        break
                    }
                } else {
                    name.append(character)
                }
            }
            guard closed else { throw failure("unterminated quoted file name") }
            rest = trimmed(rest[index...])
            guard rest.hasPrefix(",") else { throw failure("expected ',' after the quoted file name") }
            rest = rest.dropFirst()
            file = name
        } else {
            guard let comma = rest.firstIndex(of: ",") else {
                throw failure("expected '<file>,<label>', got '\(line)'")
            }
            file = String(trimmed(rest[..<comma]))
            rest = rest[rest.index(after: comma)...]
        }
        guard !file.isEmpty else { throw failure("the file name is empty") }
        guard !file.contains("/") else { throw failure("'\(file)' is not a bare file name in this folder") }
        let labelText = trimmed(rest)
        guard let label = Int(labelText) else {
            throw failure("the label '\(labelText)' of '\(file)' is not a whole number")
        }
        guard (0..<classCount).contains(label) else {
            throw failure("the label \(label) of '\(file)' is outside 0...\(classCount - 1)")
        }
        return Entry(file: file, label: label)
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }
}

extension String {
    /// `self` with every `target` replaced by `replacement` (no Foundation).
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}
