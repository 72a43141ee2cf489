#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for writing with stdio; errors name the path.
final class OutputFile {
    let path: String
    private let handle: UnsafeMutablePointer<FILE>

    /// Creates or truncates `path`, creating its parent folder if needed.
    /// - Throws: ``PipelineError`` naming the path.
    init(path: String) throws(PipelineError) {
        self.path = path
        if let slash = path.lastIndex(of: "/") {
            let parent = String(path[..<slash])
            if !parent.isEmpty { Self.makeDirectories(parent) }
        }
        guard let handle = fopen(path, "w") else {
            throw PipelineError(file: path, problem: "cannot open for writing: \(String(cString: strerror(errno)))")
        }
        self.handle = handle
    }

    deinit { fclose(handle) }

    func write(_ bytes: [UInt8]) throws(PipelineError) {
        guard !bytes.isEmpty else { return }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        guard written == bytes.count else {
            throw PipelineError(file: path, problem: "write failed: \(String(cString: strerror(errno)))")
        }
    }

    func flush() { fflush(handle) }

    static func makeDirectories(_ path: String) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            mkdir(current, 0o755)
        }
    }
}
