import ArgumentParser

/// `edge image`: inspect PNG files and see what the model sees.
struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Inspect a PNG and preprocess it into the 28x28 network input.",
        subcommands: [ImageInfoCommand.self, ImagePreprocessCommand.self]
    )
}
