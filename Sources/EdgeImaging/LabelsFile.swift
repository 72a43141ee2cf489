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
            // Decided on scalars, like the parser: a quote or comma may hide inside a Character.
            let scalars = entry.file.unicodeScalars
            let blank: Set<Unicode.Scalar> = [" ", "\t"]
            let padded = scalars.first.map(blank.contains) == true || scalars.last.map(blank.contains) == true
            let needsQuotes = scalars.contains(",") || scalars.contains("\"") || padded
            let name = needsQuotes ? "\"" + entry.file.replacingAll("\"", with: "\"\"") + "\"" : entry.file
            out += "\(name),\(entry.label)\n"
        }
        return out
    }

    /// One row, parsed on Unicode scalars: a file name may begin with a combining mark, which
    /// as a `Character` would merge with the quote or space before it (found by fuzzing).
    private static func row(_ line: Substring, number: Int, path: String, classCount: Int) throws(IOError) -> Entry {
        func failure(_ problem: String) -> IOError { IOError(path: path, problem: "line \(number): \(problem)") }
        var rest = trimmed(Array(line.unicodeScalars)[...])
        var file = String.UnicodeScalarView()
        if rest.first == "\"" {
            // A quoted name: "" is a quote; the name ends at the quote before the comma.
            var index = rest.startIndex + 1
            var closed = false
            while index < rest.endIndex {
                let scalar = rest[index]
                index += 1
                if scalar == "\"" {
                    if index < rest.endIndex && rest[index] == "\"" {
                        file.append("\"")
                        index += 1
                    } else {
                        closed = true
                        break
                    }
                } else {
                    file.append(scalar)
                }
            }
            guard closed else { throw failure("unterminated quoted file name") }
            rest = trimmed(rest[index...])
            guard rest.first == "," else { throw failure("expected ',' after the quoted file name") }
            rest = rest.dropFirst()
        } else {
            guard let comma = rest.firstIndex(of: ",") else {
                throw failure("expected '<file>,<label>', got '\(line)'")
            }
            file.append(contentsOf: trimmed(rest[..<comma]))
            rest = rest[(comma + 1)...]
        }
        let name = String(file)
        guard !name.isEmpty else { throw failure("the file name is empty") }
        guard !file.contains("/") else { throw failure("'\(name)' is not a bare file name in this folder") }
        var labelScalars = String.UnicodeScalarView()
        labelScalars.append(contentsOf: trimmed(rest))
        let labelText = String(labelScalars)
        guard let label = Int(labelText) else {
            throw failure("the label '\(labelText)' of '\(name)' is not a whole number")
        }
        guard (0..<classCount).contains(label) else {
            throw failure("the label \(label) of '\(name)' is outside 0...\(classCount - 1)")
        }
        return Entry(file: name, label: label)
    }

    private static func trimmed(_ scalars: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        var scalars = scalars
        while scalars.first == " " || scalars.first == "\t" { scalars = scalars.dropFirst() }
        while scalars.last == " " || scalars.last == "\t" { scalars = scalars.dropLast() }
        return scalars
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var scalars = Array(text.unicodeScalars)[...]
        scalars = trimmed(scalars)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return Substring(String(view))
    }
}

extension String {
    /// `self` with every `target` scalar replaced by `replacement`, on Unicode scalars (a quote
    /// followed by a combining mark is one `Character` but still a quote to a CSV reader).
    fileprivate func replacingAll(_ target: Unicode.Scalar, with replacement: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar == target { out.append(contentsOf: replacement.unicodeScalars) } else { out.append(scalar) }
        }
        return String(out)
    }
}
