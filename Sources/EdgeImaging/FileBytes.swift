#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and writes with POSIX calls (no Foundation), reporting `errno` text.
enum FileBytes {
    /// Why a file operation failed, as the OS put it.
    struct Failure: Error {
        let message: String
    }

    static func errnoMessage(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// Reads the whole file at `path`.
    static func read(_ path: String) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 { throw Failure(message: errnoMessage()) }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) != 0 { throw Failure(message: errnoMessage()) }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw Failure(message: "is a directory") }
        var bytes = [UInt8](repeating: 0, count: max(Int(status.st_size), 0))
        var filled = 0
        while true {
            if filled == bytes.count {
                // The file may have grown since fstat (or report size 0, like /proc files).
                bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count)))
            }
            let got = bytes.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw Failure(message: errnoMessage())
            }
            if got == 0 { break }
            filled += got
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }

    /// Creates or replaces the file at `path` with `bytes` (mode 0644).
    static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 { throw Failure(message: errnoMessage()) }
        var written = 0
        while written < bytes.count {
            let put = bytes.withUnsafeBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if put < 0 {
                if errno == EINTR { continue }
                let message = errnoMessage()
                close(descriptor)
                throw Failure(message: message)
            }
            written += put
        }
        if close(descriptor) != 0 { throw Failure(message: errnoMessage()) }
    }
}

// File-scope wrappers: inside `FileBytes`, `read` and `write` name its own methods.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
