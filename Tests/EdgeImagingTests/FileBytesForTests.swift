import EdgeIO

@testable import EdgeImaging

#if canImport(Glibc)
    import Glibc
#endif

/// File helpers for tests, over the module's own POSIX reader and writer.
enum FileBytesForTests {
    struct Failure: Error { let message: String }

    static func read(_ path: String) throws -> [UInt8] {
        do { return try FileSystem.read(path) } catch { throw Failure(message: error.problem) }
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        do { try OutputPath(path).write(bytes) } catch { throw Failure(message: error.problem) }
    }

    /// Removes a file, or a directory and the files directly in it (test scratch only).
    static func remove(_ path: String) {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name != "." && name != ".." { unlink(path + "/" + name) }
            }
            closedir(directory)
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw Failure(message: "mkdir \(path) failed") }
    }
}
