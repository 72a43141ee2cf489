import Foundation
import Testing

@testable import EdgeIO

/// The one rule for writing outputs: through links and devices, atomic replace of regular files.
@Suite("OutputPath")
struct OutputPathTests {
    private func scratch() throws -> String {
        let path = NSTemporaryDirectory() + "edge-io-tests-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("a regular file is replaced whole, keeping its mode, with no temporary left behind")
    func regularFile() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/report.json"
        try OutputPath(path).write("first")
        #expect(contents(path) == "first")
        chmod(path, 0o600)
        try OutputPath(path).write("second, longer")
        #expect(contents(path) == "second, longer")
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["report.json"])
    }

    @Test("missing parent folders are created")
    func parents() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try OutputPath(dir + "/a/b/out.txt").check()
        try OutputPath(dir + "/a/b/out.txt").write("x")
        #expect(contents(dir + "/a/b/out.txt") == "x")
    }

    @Test("a symbolic link stays a link and its target gets the bytes (also a dangling one)")
    func symlinks() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try OutputPath(dir + "/target.json").write("old")
        symlink("target.json", dir + "/link.json")  // relative, as users make them
        try OutputPath(dir + "/link.json").write("new")
        #expect(FileSystem.isSymbolicLink(dir + "/link.json"))
        #expect(contents(dir + "/target.json") == "new")

        symlink(dir + "/not-yet.json", dir + "/dangling.json")
        try OutputPath(dir + "/dangling.json").write("made")
        #expect(FileSystem.isSymbolicLink(dir + "/dangling.json"))
        #expect(contents(dir + "/not-yet.json") == "made")

        symlink(dir + "/loop-b", dir + "/loop-a")
        symlink(dir + "/loop-a", dir + "/loop-b")
        #expect(throws: IOError(path: dir + "/loop-a", problem: "too many levels of symbolic links")) {
            try OutputPath(dir + "/loop-a").write("x")
        }
    }

    @Test("a device is written in place, never replaced; a full device is an error naming it")
    func devices() throws {
        try OutputPath("/dev/null").check()
        try OutputPath("/dev/null").write("discarded")
        #expect(FileSystem.kind(of: "/dev/null") == .special)
        #expect(throws: IOError(path: "/dev/full", problem: "write failed: No space left on device")) {
            try OutputPath("/dev/full").write("x")
        }
        #expect(FileSystem.kind(of: "/dev/full") == .special)
    }

    @Test("the process's own streams are written through their descriptor")
    func ownStreams() throws {
        #expect(OutputPath.inheritedDescriptor("/dev/stdout") == 1)
        #expect(OutputPath.inheritedDescriptor("/dev/stderr") == 2)
        #expect(OutputPath.inheritedDescriptor("/dev/fd/2") == 2)
        #expect(OutputPath.inheritedDescriptor("/proc/self/fd/1") == 1)
        #expect(OutputPath.inheritedDescriptor("/dev/fd/100000") == nil)  // not open: a path like any other
        #expect(OutputPath.inheritedDescriptor("/dev/fd/x") == nil)
        #expect(OutputPath.inheritedDescriptor("/dev/null") == nil)
        var pipe: [Int32] = [0, 0]
        #expect(Glibc.pipe(&pipe) == 0)
        defer { close(pipe[0]) }
        try OutputPath("/dev/fd/\(pipe[1])").write("through the pipe")
        close(pipe[1])
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = Glibc.read(pipe[0], &buffer, 64)
        #expect(String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self) == "through the pipe")
    }

    @Test("check() refuses folders, files under files, empty paths and, unless forced, existing models")
    func checks() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: IOError(path: dir, problem: "is a folder, expected a file path")) {
            try OutputPath(dir).check()
        }
        #expect(throws: IOError(path: dir, problem: "is a folder, expected a file path")) {
            try OutputPath(dir).write("x")
        }
        try OutputPath(dir + "/file").write("x")
        #expect(throws: IOError(path: dir + "/file/sub.json", problem: "\(dir)/file is not a folder")) {
            try OutputPath(dir + "/file/sub.json").check()
        }
        #expect(throws: IOError(path: "\"\"", problem: "empty output path")) { try OutputPath("").check() }

        let model = OutputPath(dir + "/file", existing: .refuseWithoutForce)
        #expect(throws: IOError(path: dir + "/file", problem: "already exists; pass --force to replace it")) {
            try model.check()
        }
        try model.check(force: true)
        try OutputPath(dir + "/new", existing: .refuseWithoutForce).check()
        try OutputPath(dir + "/file").check()  // reports and logs are simply replaced
    }
}

@Suite("FileSystem")
struct FileSystemTests {
    @Test("read() names the file and the reason; the limit stops endless devices")
    func read() throws {
        #expect(throws: IOError(path: "/nonexistent/x", problem: "cannot open: No such file or directory")) {
            try FileSystem.read("/nonexistent/x")
        }
        #expect(throws: IOError(path: "/tmp", problem: "is a directory")) { try FileSystem.read("/tmp") }
        #expect(throws: IOError(path: "/dev/zero", problem: "larger than the 10000-byte limit for this file")) {
            try FileSystem.read("/dev/zero", limit: 10_000)
        }
        #expect(try FileSystem.read("/dev/null") == [])
    }

    @Test("path helpers")
    func paths() throws {
        #expect(FileSystem.directory(of: "a/b/c.txt") == "a/b")
        #expect(FileSystem.directory(of: "c.txt") == ".")
        #expect(FileSystem.directory(of: "/c.txt") == "/")
        #expect(FileSystem.fileName(of: "a/b/c.txt") == "c.txt")
        #expect(throws: IOError.self) { try FileSystem.makeDirectories("/dev/null/sub") }
    }
}
