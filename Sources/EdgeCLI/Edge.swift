import ArgumentParser
import EdgeDeployment
import EdgeIO
import EdgeImaging
import EdgeKernels
import Foundation

/// The `edge` command: an always-on edge-AI device loop and its measuring tools.
@main
struct Edge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edge",
        abstract: "Simulate an always-on edge-AI device and measure it honestly.",
        version: Edge.version,
        subcommands: [
            RunCommand.self,
            InferCommand.self, EvalCommand.self, BenchCommand.self, InspectCommand.self,
            TrainCommand.self, FreezeCommand.self, QuantizeCommand.self,
            ImageCommand.self, SynthCommand.self, ModelCommand.self, EstimateCommand.self,
        ]
    )

    /// `edge --version`: the release, the kernel path this CPU runs and the libpng in use.
    static let version = "edge \(EdgeVersion.release) (kernels \(KernelPath.current), libpng \(PNGCodec.libpngVersion))"

    /// Runs the command line like `AsyncParsableCommand.main()`, except that a failure (exit
    /// code 1) is always exactly one line on stderr: line breaks inside the message (a file
    /// name can hold one) are escaped as `\n`, so scripts can rely on one line per error.
    static func main() async {
        if let note = KernelPath.startupNote { StandardError.write("warning: \(note)\n") }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            guard code == .failure, !(error is ExitCode) else { exit(withError: error) }
            let message = fullMessage(for: error)
            guard !message.isEmpty else { exit(withError: error) }
            let line = Self.oneLine(message)
            StandardError.write(line + "\n")
            Foundation.exit(code.rawValue)
        }
    }

    /// `message` with its trailing line break dropped and inner line breaks escaped.
    static func oneLine(_ message: String) -> String {
        var text = Substring(message)
        while text.last == "\n" || text.last == "\r" { text = text.dropLast() }
        return text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
    }
}
