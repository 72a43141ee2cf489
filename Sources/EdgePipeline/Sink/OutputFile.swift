import EdgeIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A log or trace file streamed during a run with stdio; errors name the path.
///
/// Opened with `fopen(path, "w")`, so a symbolic link keeps pointing at its target and a device
/// or pipe (`/dev/null`) is written in place; the process's own streams (`/dev/stdout`) are
/// written through their descriptor. A streamed file is not replaced
/// atomically on purpose: after a crash or a kill the frames logged so far are on disk.
final class OutputFile {
    let path: String
    private let handle: UnsafeMutablePointer<FILE>

    /// Creates or truncates `path`, creating its parent folders if needed.
    /// - Throws: ``PipelineError`` naming the path.
    init(path: String) throws(PipelineError) {
        self.path = path
        if let descriptor = OutputPath.inheritedDescriptor(path) {
            // Our own stdout/stderr: write through a duplicate, keeping the offset and the
            // bytes printed before (`fopen` would start over at offset 0).
            guard let handle = fdopen(dup(descriptor), "w") else {
                throw PipelineError(file: path, problem: "cannot open for writing: \(FileSystem.errnoMessage())")
            }
            self.handle = handle
            return
        }
        do {
            try OutputPath(path).check()
            let parent = FileSystem.directory(of: try FileSystem.resolvingLinks(path))
            if FileSystem.kind(of: parent) == nil { try FileSystem.makeDirectories(parent) }
        } catch {
            throw PipelineError(file: error.path, problem: error.problem)
        }
        guard let handle = fopen(path, "w") else {
            throw PipelineError(file: path, problem: "cannot open for writing: \(FileSystem.errnoMessage())")
        }
        self.handle = handle
    }

    deinit { fclose(handle) }

    func write(_ bytes: [UInt8]) throws(PipelineError) {
        guard !bytes.isEmpty else { return }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        guard written == bytes.count else {
            throw PipelineError(file: path, problem: "write failed: \(FileSystem.errnoMessage())")
        }
    }

    /// Hands buffered bytes to the OS.
    /// - Throws: ``PipelineError`` when the OS refuses them (a full disk, `/dev/full`).
    func flush() throws(PipelineError) {
        guard fflush(handle) == 0 else {
            throw PipelineError(file: path, problem: "write failed: \(FileSystem.errnoMessage())")
        }
    }
}
