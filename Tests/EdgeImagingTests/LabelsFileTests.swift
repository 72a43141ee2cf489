import EdgeIO
import Foundation
import Testing

@testable import EdgeImaging

/// labels.csv: one parser, one rule set (docs/pipeline-config.md).
@Suite("labels.csv")
struct LabelsFileTests {
    func parse(_ text: String) throws(IOError) -> LabelsFile { try LabelsFile(text: text, path: "l.csv") }

    @Test("rows, CRLF, blank lines, a BOM, padded and quoted names")
    func accepted() throws {
        let labels = try parse("\u{FEFF}file,label\r\na.png,3\r\n\n  b c.png , 7 \n\"d,\"\"e\"\".png\",1\n")
        #expect(
            labels.entries == [
                .init(file: "a.png", label: 3), .init(file: "b c.png", label: 7), .init(file: "d,\"e\".png", label: 1),
            ])
        #expect(labels.label(of: "b c.png") == 7 && labels.label(of: "x.png") == nil)
        // What it writes parses back to the same rows.
        #expect(try parse(labels.text).entries == labels.entries)
        #expect(labels.text == "file,label\na.png,3\nb c.png,7\n\"d,\"\"e\"\".png\",1\n")
    }

    @Test(
        "every broken rule is one line naming the file and the line",
        arguments: [
            ("name,label\na.png,1\n", "l.csv: line 1: expected the header 'file,label'"),
            ("", "l.csv: line 1: expected the header 'file,label'"),
            ("file,label\n", "l.csv: lists no files (only the header)"),
            ("file,label\n\n\n", "l.csv: lists no files (only the header)"),
            ("file,label\na.png\n", "l.csv: line 2: expected '<file>,<label>', got 'a.png'"),
            ("file,label\na.png,1\na.png,2\n", "l.csv: line 3: 'a.png' is listed twice (first on line 2)"),
            ("file,label\na.png,1\n\na.png,1\n", "l.csv: line 4: 'a.png' is listed twice (first on line 2)"),
            ("file,label\na.png,12\n", "l.csv: line 2: the label 12 of 'a.png' is outside 0...9"),
            ("file,label\na.png,-1\n", "l.csv: line 2: the label -1 of 'a.png' is outside 0...9"),
            ("file,label\na.png,seven\n", "l.csv: line 2: the label 'seven' of 'a.png' is not a whole number"),
            ("file,label\nsub/a.png,1\n", "l.csv: line 2: 'sub/a.png' is not a bare file name in this folder"),
            ("file,label\n,1\n", "l.csv: line 2: the file name is empty"),
            ("file,label\n\"a.png,1\n", "l.csv: line 2: unterminated quoted file name"),
            ("file,label\n\"a.png\" x,1\n", "l.csv: line 2: expected ',' after the quoted file name"),
        ])
    func refused(text: String, message: String) {
        do {
            _ = try parse(text)
            Issue.record("accepted \(text.debugDescription)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test(
        "names are read and written on Unicode scalars: a combining mark after a quote stays a quote (fuzzer finding)")
    func combiningMarks() throws {
        for file in ["\u{030D}x.png", "a\"\u{0301}b.png", " \u{0301}pad.png", "é,\u{05B8}.png"] {
            let labels = LabelsFile(entries: [.init(file: file, label: 4)])
            #expect(
                try parse(labels.text).entries == labels.entries,
                "\(file.debugDescription) -> \(labels.text.debugDescription)")
        }
        #expect(try parse("file,label\n\"\u{030D}\",1\n").entries == [.init(file: "\u{030D}", label: 1)])
    }

    @Test("load(directory:) refuses rows naming files that are not in the folder, and non-UTF-8 text")
    func load() throws {
        let folder = NSTemporaryDirectory() + "edge-labels-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try LabelsFile.load(directory: folder) == nil)
        #expect(FileManager.default.createFile(atPath: folder + "/a.png", contents: Data()))
        try "file,label\na.png,1\nmissing.png,2\n".write(
            toFile: folder + "/labels.csv", atomically: true, encoding: .utf8)
        #expect(
            throws: IOError(
                path: folder + "/labels.csv", problem: "line 3: 'missing.png' is not in the folder")
        ) {
            try LabelsFile.load(directory: folder)
        }
        try Data([0x66, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: folder + "/labels.csv"))
        #expect(throws: IOError(path: folder + "/labels.csv", problem: "not UTF-8 text")) {
            try LabelsFile.load(directory: folder)
        }
        try "file,label\na.png,1\n".write(toFile: folder + "/labels.csv", atomically: true, encoding: .utf8)
        #expect(try LabelsFile.load(directory: folder)?.entries == [.init(file: "a.png", label: 1)])
    }
}
