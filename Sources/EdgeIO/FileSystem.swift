#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small POSIX file-system helpers shared by every module that touches files (no Foundation).
public enum FileSystem {
    /// What a path names, after following symbolic links.
    public enum Kind: Sendable, Equatable {
        case regular, directory
        /// A device, FIFO or socket: written in place, never replaced.
        case special
    }

    /// The OS's text for `code` (defaults to the current `errno`).
    public static func errnoMessage(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// What `path` names (following links), or nil when nothing is there.
    public static func kind(of path: String) -> Kind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        default: return .special
        }
    }

    /// True when `path` itself is a symbolic link (dangling or not).
    public static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// The path a write to `path` really lands on: symbolic links followed (a dangling link
    /// resolves to the file it would create), at most 32 levels deep.
    /// - Throws: ``IOError`` for a link loop.
    public static func resolvingLinks(_ path: String) throws(IOError) -> String {
        var current = path
        for _ in 0..<32 {
            guard isSymbolicLink(current) else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length >= 0 else { throw IOError(path: path, problem: "cannot read the link: \(errnoMessage())") }
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : directory(of: current) + "/" + target
        }
        throw IOError(path: path, problem: "too many levels of symbolic links")
    }

    /// The folder part of `path` ("." for a bare name, "/" for a file in the root).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }

    /// The last component of `path`.
    public static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Creates `path` and any missing parents (mode 0755).
    /// - Throws: ``IOError`` naming the first component that is not a folder or cannot be made.
    public static func makeDirectories(_ path: String) throws(IOError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 {
                let code = errno
                guard code == EEXIST, kind(of: current) == .directory else {
                    let problem =
                        code == EEXIST
                        ? "exists and is not a folder" : "cannot create the folder: \(errnoMessage(code))"
                    throw IOError(
                        path: String(current.hasPrefix("./") ? current.dropFirst(2) : current[...]), problem: problem)
                }
            }
        }
    }

    /// A folder's entries (without `.` and `..`), sorted.
    public struct Listing: Sendable, Equatable {
        /// Names that are valid UTF-8.
        public var names: [String]
        /// Names that are not, spelled with `\xNN` escapes: they cannot be opened through a
        /// `String` path, so callers skip them and say so.
        public var undecodable: [String]
    }

    /// Lists folder `path`.
    /// - Throws: ``IOError`` with the OS's reason when it cannot be listed.
    public static func listDirectory(_ path: String) throws(IOError) -> Listing {
        guard let stream = opendir(path) else {
            let reason = errnoMessage()
            throw IOError(path: path, problem: "cannot list the folder: \(reason)", reason: reason)
        }
        defer { closedir(stream) }
        var listing = Listing(names: [], undecodable: [])
        while let entry = readdir(stream) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix(while: { $0 != 0 })) }
            if let name = String(validating: bytes, as: UTF8.self) {
                if name != "." && name != ".." { listing.names.append(name) }
            } else {
                listing.undecodable.append(
                    bytes.map { $0 < 0x80 ? String(UnicodeScalar($0)) : "\\x" + hex($0) }.joined())
            }
        }
        listing.names.sort()
        listing.undecodable.sort()
        return listing
    }

    /// Names of the entries of folder `path` that are valid UTF-8 (without `.` and `..`), sorted.
    /// - Throws: ``IOError`` when it cannot be listed.
    public static func contentsOfDirectory(_ path: String) throws(IOError) -> [String] {
        try listDirectory(path).names
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    /// Removes the file at `path`.
    /// - Throws: ``IOError`` when it cannot be removed.
    public static func remove(_ path: String) throws(IOError) {
        guard unlink(path) == 0 else { throw IOError(path: path, problem: "cannot remove: \(errnoMessage())") }
    }
}
