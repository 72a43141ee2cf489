/// A pipeline file that cannot be used: names the file, the key path and the problem.
public struct PipelineConfigError: Error, CustomStringConvertible, Equatable {
    /// The pipeline file as given.
    public let file: String
    /// Dotted key path of the offending value (`queues.inference.capacity`), empty for the document.
    public let keyPath: String
    /// 1-based line of the offending value, when known.
    public let line: Int?
    /// What is wrong, in one line.
    public let problem: String

    public init(file: String, keyPath: String, line: Int? = nil, problem: String) {
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.problem = problem
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return keyPath.isEmpty ? "\(location): \(problem)" : "\(location): \(keyPath): \(problem)"
    }
}
