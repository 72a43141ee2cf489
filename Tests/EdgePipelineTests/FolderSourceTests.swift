import Foundation
import Testing

@testable import EdgePipeline

@Suite struct FolderSourceTests {
    @Test func sortedByNameWithLabelsAndSkipNote() throws {
        let (dir, names) = makeDigitFolder("sorted", count: 4)
        defer { removeTempDirectory(dir) }
        var source = try FolderSource(config: FolderSourceConfig(path: dir, loop: 2))
        #expect(source.entries.map(\.name) == names.sorted())
        #expect(source.entries.allSatisfy { $0.label != nil })
        #expect(source.notes == ["\(dir): skipped 1 non-PNG file(s): notes.txt"])
        var delivered: [String] = []
        var id = 0
        while let d = source.next(id: id) {
            guard case .next(let frame) = d.result else {
                Issue.record("all files are readable")
                return
            }
            #expect(frame.info.id == id)
            delivered.append(frame.info.source)
            id += 1
        }
        #expect(delivered == names.sorted() + names.sorted())
    }

    @Test func labelsOrderFollowsTheCSV() throws {
        let (dir, names) = makeDigitFolder("labels", count: 4)
        defer { removeTempDirectory(dir) }
        let source = try FolderSource(config: FolderSourceConfig(path: dir, order: .labels))
        #expect(source.entries.map(\.name) == names.reversed())
        #expect(source.entries.first { $0.name == "zz_truncated_3.png" }?.label == 3)
    }

    @Test func pixelCountComesFromTheHeader() throws {
        let (dir, _) = makeDigitFolder("pixels", count: 1)
        defer { removeTempDirectory(dir) }
        var source = try FolderSource(config: FolderSourceConfig(path: dir))
        #expect(source.next(id: 0)?.pixelCount == 784)
    }

    @Test func setupErrorsNameThePath() {
        #expect(
            throws: SourceError(
                path: "/nonexistent", problem: "cannot list the folder: No such file or directory", key: "source.path")
        ) {
            try FolderSource(config: FolderSourceConfig(path: "/nonexistent"))
        }
        let empty = makeTempDirectory("empty")
        defer { removeTempDirectory(empty) }
        #expect(throws: SourceError(path: empty, problem: "no PNG files in the folder", key: "source.path")) {
            try FolderSource(config: FolderSourceConfig(path: empty))
        }
        let (dir, _) = makeDigitFolder("badcsv", count: 1)
        defer { removeTempDirectory(dir) }
        // The same rules as edge eval: a file listed twice is an error here too (it used to
        // replay twice with its last label).
        let one = try! FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasSuffix(".png") }!
        try! "file,label\n\(one),1\n\(one),2\n".write(toFile: dir + "/labels.csv", atomically: true, encoding: .utf8)
        #expect(
            throws: SourceError(
                path: dir + "/labels.csv", problem: "line 3: '\(one)' is listed twice (first on line 2)")
        ) {
            try FolderSource(config: FolderSourceConfig(path: dir))
        }
        try! "file,label\nx.png,ten\n".write(toFile: dir + "/labels.csv", atomically: true, encoding: .utf8)
        #expect(
            throws: SourceError(
                path: dir + "/labels.csv", problem: "line 2: the label 'ten' of 'x.png' is not a whole number")
        ) {
            try FolderSource(config: FolderSourceConfig(path: dir))
        }
    }
}

extension FolderSourceTests {
    @Test func hugeLoopCountDoesNotOverflow() throws {
        let (dir, names) = makeDigitFolder("huge-loop", count: 2)
        defer { removeTempDirectory(dir) }
        var source = try FolderSource(config: FolderSourceConfig(path: dir, loop: Int.max))
        for id in 0..<(names.count * 3) { #expect(source.next(id: id) != nil) }
    }
}

@Suite struct FolderSourceNamesTests {
    @Test func namesThatAreNotUTF8AreSkippedWithANote() throws {
        let (dir, names) = makeDigitFolder("non-utf8", count: 2)
        defer { removeTempDirectory(dir) }
        // A name with a byte that is not UTF-8 (a Latin-1 camera upload, say), made with POSIX calls.
        let path = Array((dir + "/bad").utf8CString.dropLast()) + [CChar(bitPattern: 0xFF)] + Array(".png".utf8CString)
        let fd = open(path, O_CREAT | O_WRONLY, 0o644)
        #expect(fd >= 0)
        close(fd)
        try! "file,label\n".appending(
            names.prefix(2).map { "\($0),\($0.split(separator: "_").last!.prefix(1))" }.joined(separator: "\n")
        )
        .write(toFile: dir + "/labels.csv", atomically: true, encoding: .utf8)
        let source = try FolderSource(config: FolderSourceConfig(path: dir))
        #expect(
            source.notes.contains { $0 == "\(dir): skipped 1 file(s) whose names are not UTF-8: bad\\xff.png" },
            "\(source.notes)")
        #expect(!source.entries.contains { $0.name.hasPrefix("bad") })
    }
}
