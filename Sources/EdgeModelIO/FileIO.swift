#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and atomic writes with one-line errors naming the file.
enum FileIO {
    /// Largest model file read (a DigitCNN is ~1 MB; this refuses accidents like a data set).
    static let maximumBytes = 512 << 20

    static func read(_ path: String) throws(ModelFileError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw ModelFileError(path: path, problem: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var info = stat()
        guard fstat(fileno(file), &info) == 0 else {
            throw ModelFileError(path: path, problem: "cannot stat: \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw ModelFileError(path: path, problem: "not a regular file") }
        let size = Int(info.st_size)
        guard size <= maximumBytes else {
            throw ModelFileError(path: path, problem: "\(size) bytes is larger than the \(maximumBytes)-byte model limit")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        let read = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, file) }
        guard read == size else {
            throw ModelFileError(path: path, problem: "read \(read) of \(size) bytes: \(String(cString: strerror(errno)))")
        }
        return bytes
    }

    /// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
    static func write(_ bytes: [UInt8], to path: String) throws(ModelFileError) {
        let temporary = path + ".tmp-\(getpid())"
        guard let file = fopen(temporary, "wb") else {
            throw ModelFileError(path: path, problem: "cannot create: \(String(cString: strerror(errno)))")
        }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, file) }
        let closed = fclose(file)
        guard written == bytes.count && closed == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ModelFileError(path: path, problem: "write failed: \(reason)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ModelFileError(path: path, problem: "cannot replace: \(reason)")
        }
    }
}
