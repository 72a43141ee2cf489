/// A failure a command reports as one line (exit code 1): the file or thing, then the problem.
struct CommandError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
