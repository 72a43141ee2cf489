import ArgumentParser

/// `edge model`: edit what a model file says about itself.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Edit a model file's metadata (edge.preprocess, edge.classes).",
        subcommands: [ModelSetPreprocessCommand.self]
    )
}
