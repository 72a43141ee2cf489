import ArgumentParser

/// The `edge` command: an always-on edge-AI device loop and its measuring tools.
@main
struct Edge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edge",
        abstract: "Simulate an always-on edge-AI device and measure it honestly.",
        subcommands: [
            RunCommand.self,
            InferCommand.self, EvalCommand.self, InspectCommand.self,
            TrainCommand.self,
            ImageCommand.self, SynthCommand.self,
        ]
    )
}
