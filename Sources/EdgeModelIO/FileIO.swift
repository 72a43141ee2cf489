import EdgeIO

/// Model-file reads and writes through `EdgeIO`, with errors as ``ModelFileError``.
enum FileIO {
    /// Largest model file read (a DigitCNN is ~1 MB; this refuses accidents like a data set).
    static let maximumBytes = 512 << 20

    static func read(_ path: String) throws(ModelFileError) -> [UInt8] {
        if FileSystem.kind(of: path) == .special { throw ModelFileError(path: path, problem: "not a regular file") }
        do {
            return try FileSystem.read(path, limit: maximumBytes)
        } catch {
            throw ModelFileError(path: path, problem: error.problem)
        }
    }

    /// Writes by ``OutputPath``'s rule: through links and devices, atomic replace of regular files.
    static func write(_ bytes: [UInt8], to path: String) throws(ModelFileError) {
        do {
            try OutputPath(path).write(bytes)
        } catch {
            throw ModelFileError(path: path, problem: error.problem)
        }
    }
}
