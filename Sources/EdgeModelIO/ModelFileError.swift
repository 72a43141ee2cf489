/// A model file that cannot be read, written or used. `description` is one line naming the
/// file and the problem, ready for the command line.
public struct ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}
