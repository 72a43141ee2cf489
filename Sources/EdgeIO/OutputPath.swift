#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file a command will write, checked before any work starts and written by one rule:
///
/// - a symbolic link is followed, so the link stays and its target gets the bytes;
/// - the process's own streams (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`) are written through
///   their descriptor, so a redirected stdout keeps everything printed before;
/// - a device, FIFO or socket (`/dev/null`, a named pipe) is written in place, never replaced
///   by a regular file;
/// - a regular file (or a new one) is written to a temporary file beside it and renamed over
///   it, so a reader never sees half a file and a failed write leaves the old one intact.
///
/// Missing parent folders are created when the file is written.
public struct OutputPath: Sendable, Equatable {
    /// What to do when a regular file is already there.
    public enum Existing: Sendable, Equatable {
        /// Replace it (reports, traces, logs: outputs a run regenerates).
        case replace
        /// Refuse unless the user said `--force` (models and other work that is costly to redo).
        case refuseWithoutForce
    }

    /// The path as the user gave it (used in every message).
    public let path: String
    public let existing: Existing

    public init(_ path: String, existing: Existing = .replace) {
        self.path = path
        self.existing = existing
    }

    /// Checks that `path` can be written, without writing anything: not empty, not a folder,
    /// not an existing regular file when that is refused, and its folder (or the nearest
    /// existing ancestor, for folders still to be made) is a writable folder.
    /// - Parameter force: the user's `--force`; lifts `.refuseWithoutForce`.
    /// - Throws: ``IOError`` naming the path and the problem.
    public func check(force: Bool = false) throws(IOError) {
        guard !path.isEmpty else { throw IOError(path: "\"\"", problem: "empty output path") }
        if Self.inheritedDescriptor(path) != nil { return }
        let target = try FileSystem.resolvingLinks(path)
        switch FileSystem.kind(of: target) {
        case .directory?:
            throw IOError(path: path, problem: "is a folder, expected a file path")
        case .special?:
            guard access(target, W_OK) == 0 else {
                throw IOError(path: path, problem: "not writable: \(FileSystem.errnoMessage())")
            }
            return
        case .regular?:
            if existing == .refuseWithoutForce && !force {
                throw IOError(path: path, problem: "already exists; pass --force to replace it")
            }
        case nil:
            break
        }
        // A regular file is replaced by rename, which needs its folder writable.
        var folder = FileSystem.directory(of: target)
        while FileSystem.kind(of: folder) == nil && folder != "." && folder != "/" {
            folder = FileSystem.directory(of: folder)
        }
        guard FileSystem.kind(of: folder) == .directory else {
            throw IOError(path: path, problem: "\(folder) is not a folder")
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw IOError(path: path, problem: "folder \(folder) is not writable: \(FileSystem.errnoMessage())")
        }
    }

    /// Writes `bytes` by the rule above.
    /// - Throws: ``IOError`` naming the path; on failure a regular file keeps its old contents.
    public func write(_ bytes: [UInt8]) throws(IOError) {
        if let descriptor = Self.inheritedDescriptor(path) {
            if let failure = Self.writeAll(bytes, to: descriptor) {
                throw IOError(path: path, problem: "write failed: \(failure)", reason: failure)
            }
            return
        }
        let target = try FileSystem.resolvingLinks(path)
        switch FileSystem.kind(of: target) {
        case .directory?:
            throw IOError(path: path, problem: "is a folder, expected a file path")
        case .special?:
            try Self.writeInPlace(bytes, to: target, named: path)
        case .regular?, nil:
            try Self.replaceAtomically(bytes, at: target, named: path)
        }
    }

    /// The descriptor `path` names when it is one of this process's own streams:
    /// `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`. Those are written through
    /// the descriptor itself: opening them anew would start at offset 0 of a redirected file
    /// (overwriting what was printed) and following their links would replace that file.
    public static func inheritedDescriptor(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                guard let number = Int32(path.dropFirst(prefix.count)), number >= 0 else { return nil }
                return fcntl(number, F_GETFD) == -1 ? nil : number
            }
            return nil
        }
    }

    /// Writes a UTF-8 string by the rule above.
    public func write(_ text: String) throws(IOError) { try write(Array(text.utf8)) }

    private static func writeInPlace(_ bytes: [UInt8], to target: String, named path: String) throws(IOError) {
        let descriptor = open(target, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw IOError(path: path, problem: "cannot open for writing: \(FileSystem.errnoMessage())")
        }
        if let failure = writeAll(bytes, to: descriptor) {
            close(descriptor)
            throw IOError(path: path, problem: "write failed: \(failure)")
        }
        guard close(descriptor) == 0 else {
            throw IOError(path: path, problem: "write failed: \(FileSystem.errnoMessage())")
        }
    }

    private static func replaceAtomically(_ bytes: [UInt8], at target: String, named path: String) throws(IOError) {
        let folder = FileSystem.directory(of: target)
        if FileSystem.kind(of: folder) == nil { try FileSystem.makeDirectories(folder) }
        var mode: mode_t = 0o644
        var existing = stat()
        if stat(target, &existing) == 0 { mode = existing.st_mode & 0o7777 }
        var descriptor: Int32 = -1
        var temporary = ""
        for attempt in 0..<100 {
            temporary = folder + "/." + FileSystem.fileName(of: target) + ".tmp-\(getpid())-\(attempt)"
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else {
            throw IOError(path: path, problem: "cannot create a file in \(folder): \(FileSystem.errnoMessage())")
        }
        // No fsync: the rename is atomic for readers and against a crash of this process; a
        // sync per file made `edge synth` wait ~13 ms per frame for durability nobody needs.
        var failure = writeAll(bytes, to: descriptor)
        if close(descriptor) != 0 && failure == nil { failure = FileSystem.errnoMessage() }
        if failure == nil && rename(temporary, target) != 0 { failure = "cannot replace: " + FileSystem.errnoMessage() }
        if let failure {
            unlink(temporary)
            throw IOError(path: path, problem: failure.hasPrefix("cannot") ? failure : "write failed: \(failure)")
        }
    }

    /// Writes all of `bytes`, retrying short writes and EINTR; returns the OS error text, or nil.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        var written = 0
        while written < bytes.count {
            let put = bytes.withUnsafeBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if put < 0 {
                if errno == EINTR { continue }
                return FileSystem.errnoMessage()
            }
            written += put
        }
        return nil
    }
}

// File scope: inside `OutputPath`, `write` names its own methods.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
