import ArgumentParser
import EdgeDeployment
import EdgeIO
import EdgePipeline
import EdgeRuntime

/// `--variant` and `--model`, shared by every command that runs a model.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Deployment to run: eager, frozen or quantized.")
    var variant: Variant = .eager

    @Option(
        name: .long,
        help: "Model file (.safetensors DigitCNN weights or .onnx); default: the variant's file in models/.")
    var model: String?

    @Option(
        name: .long,
        help:
            "Preprocessing file (YAML: mode, size, channels, mean, std, resize); overrides the model's edge.preprocess."
    )
    var preprocess: String?

    /// The model file to load: `--model`, else the variant's default.
    var modelPath: String { model ?? Deployment.defaultModel(variant) }

    /// The selected variant's model, loaded and compiled once, with the preprocessing and class
    /// names it runs with (``ModelSetup``), checked against each other.
    /// - Parameter exists: file-existence check (injectable for tests).
    /// - Throws: a one-line error naming the file when it is missing, unusable, or its input is
    ///   not what the preprocessing makes.
    func load(exists: (String) -> Bool = { FileSystem.kind(of: $0) != nil }) throws -> ModelSetup {
        let loaded: LoadedModel
        do throws(DeploymentError) {
            try Deployment.checkAvailable(variant, path: modelPath, exists: exists)
            loaded = try Deployment.load(modelPath, variant: variant)
        } catch {
            throw CommandError(error.description)
        }
        return try ModelSetup(loaded, override: preprocess)
    }
}

extension Variant: ExpressibleByArgument {}
