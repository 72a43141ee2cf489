import ArgumentParser
import EdgeIO
import EdgeRuntime

/// `--variant` and `--model`, shared by every command that runs a model.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Deployment to run: eager, frozen or quantized.")
    var variant: Variant = .eager

    @Option(
        name: .long,
        help: "Model file (.safetensors DigitCNN weights or .onnx); default: the variant's file in models/.")
    var model: String?

    /// The model file each variant uses when `--model` is not given.
    static let defaultModels: [Variant: String] = [
        .eager: "models/baseline_cnn.safetensors",
        .frozen: "models/edge_model.onnx",
        .quantized: "models/quantized_cnn.onnx",
    ]

    /// The model file to load: `--model`, else the variant's default.
    var modelPath: String { model ?? Self.defaultModels[variant]! }

    /// Variants this version of edge can run. The frozen and int8 engines come with later
    /// releases; until then no message points to a command that does not exist.
    static let runnable: Set<Variant> = [.eager]

    /// The one line for a variant whose model file is missing or whose engine does not exist yet.
    static func unavailable(_ variant: Variant, path: String) -> String {
        guard runnable.contains(variant) else {
            return "\(path): the \(variant) variant is not available in this version of edge (\(EdgeVersion.release)); "
                + "only eager runs today: use --variant eager"
        }
        return "\(path): \(variant) model not found (make it with `edge train --out \(path)`, or pass --model FILE)"
    }

    /// A factory for the selected variant, loading the model file once.
    /// - Parameter exists: file-existence check (injectable for tests).
    /// - Throws: a one-line error naming the file when it is missing or unusable.
    func makeFactory(exists: (String) -> Bool = { FileSystem.kind(of: $0) != nil }) throws -> ModelEngineFactory {
        if !Self.runnable.contains(variant) || (model == nil && !exists(modelPath)) {
            throw CommandError(Self.unavailable(variant, path: modelPath))
        }
        return try ModelEngineFactory(models: [variant: modelPath])
    }
}

extension Variant: ExpressibleByArgument {}
