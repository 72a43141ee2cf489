/// A file operation failed. `description` is one line: the path, then the problem.
public struct IOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file or folder the operation was about.
    public let path: String
    /// What went wrong, with the operation ("cannot open: No such file or directory").
    public let problem: String
    /// The bare reason, without the operation ("No such file or directory"), for callers whose
    /// own message already names the operation.
    public let reason: String

    public init(path: String, problem: String, reason: String? = nil) {
        self.path = path
        self.problem = problem
        self.reason = reason ?? problem
    }

    public var description: String { "\(path): \(problem)" }

    /// Equal when they say the same line (`reason` is a part of `problem`).
    public static func == (a: IOError, b: IOError) -> Bool { a.path == b.path && a.problem == b.problem }
}
