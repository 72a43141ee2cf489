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

    /// The model file to load: `--model`, else the variant's default.
    var modelPath: String { model ?? Deployment.defaultModel(variant) }

    /// The selected variant's model, loaded and compiled once, checked against the digit
    /// preprocessing these commands feed it.
    /// - Parameter exists: file-existence check (injectable for tests).
    /// - Throws: a one-line error naming the file when it is missing, unusable, or its input is
    ///   not what the preprocessing makes.
    func load(exists: (String) -> Bool = { FileSystem.kind(of: $0) != nil }) throws -> LoadedModel {
        do throws(DeploymentError) {
            try Deployment.checkAvailable(variant, path: modelPath, exists: exists)
            let loaded = try Deployment.load(modelPath, variant: variant)
            do {
                try FrameClassifier.checkInput(of: loaded.compiled.signature)
            } catch {
                throw DeploymentError("\(modelPath): \(error)")
            }
            return loaded
        } catch {
            throw CommandError(error.description)
        }
    }
}

extension Variant: ExpressibleByArgument {}
