#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension FileSystem {
    /// Reads the whole file at `path` (a regular file, or a device/FIFO read to its end).
    /// - Parameter limit: largest byte count accepted, so a data set or `/dev/zero` handed over
    ///   by mistake fails fast instead of filling memory.
    /// - Throws: ``IOError`` naming `path`: cannot open, is a folder, larger than `limit`, read error.
    public static func read(_ path: String, limit: Int = 1 << 30) throws(IOError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            let reason = errnoMessage()
            throw IOError(path: path, problem: "cannot open: \(reason)", reason: reason)
        }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) != 0 { throw IOError(path: path, problem: "cannot stat: \(errnoMessage())") }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw IOError(path: path, problem: "is a directory") }
        let size = max(Int(status.st_size), 0)
        guard size <= limit else {
            throw IOError(path: path, problem: "\(size) bytes is larger than the \(limit)-byte limit for this file")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while true {
            if filled == bytes.count {
                // The file may have grown since fstat (or report size 0, like /proc files and pipes).
                guard filled < limit else {
                    throw IOError(path: path, problem: "larger than the \(limit)-byte limit for this file")
                }
                bytes.append(contentsOf: repeatElement(0, count: min(max(4096, bytes.count), limit - filled)))
            }
            let got = bytes.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if got < 0 {
                if errno == EINTR { continue }
                let reason = errnoMessage()
                throw IOError(path: path, problem: "read failed: \(reason)", reason: reason)
            }
            if got == 0 { break }
            filled += got
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }
}

// File scope: inside `FileSystem`, `read` names its own method.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
