import ArgumentParser
import EdgePipeline

/// `edge image`: inspect PNG files and see what the model sees.
struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Inspect a PNG and preprocess it into the 28x28 network input.",
        subcommands: [ImageInfoCommand.self, ImagePreprocessCommand.self]
    )

    /// `value` as a JSON string literal, escaped (the image and train commands write their JSON
    /// by hand); the escaping is the pipeline report's, so every JSON the CLI prints agrees.
    static func jsonString(_ value: String) -> String {
        JSONValue.string(value).serialized()
    }
}
