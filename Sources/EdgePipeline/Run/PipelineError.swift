/// A run that cannot start or could not finish cleanly: one line naming the file or thing and
/// the problem.
public struct PipelineError: Error, Sendable, CustomStringConvertible, Equatable {
    public let file: String
    public let problem: String

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    /// `file: problem`, or just `problem` when `file` is empty (the problem names its file).
    public var description: String { file.isEmpty ? problem : "\(file): \(problem)" }
}
