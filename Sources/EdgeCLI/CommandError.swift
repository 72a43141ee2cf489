#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure a command reports as one line (exit code 1): the file or thing, then the problem.
struct CommandError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}

/// True when `path` names an existing file or directory.
func fileExists(_ path: String) -> Bool {
    access(path, F_OK) == 0
}

/// True when `path` names a directory.
func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
}
