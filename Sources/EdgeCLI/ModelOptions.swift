import ArgumentParser
import EdgeIO
import EdgeRuntime

/// `--variant` and `--model`, shared by every command that runs a model.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Deployment to run: eager, frozen or quantized.")
    var variant: Variant = .eager

    @Option(name: .long, help: "Model file (.safetensors DigitCNN weights or .onnx); default: the variant's file in models/.")
    var model: String?

    /// The model file each variant uses when `--model` is not given.
    static let defaultModels: [Variant: String] = [
        .eager: "models/baseline_cnn.safetensors",
        .frozen: "models/edge_model.onnx",
        .quantized: "models/quantized_cnn.onnx",
    ]

    /// The model file to load: `--model`, else the variant's default.
    var modelPath: String { model ?? Self.defaultModels[variant]! }

    /// The command that writes each variant's default model.
    static let makers: [Variant: String] = [.eager: "edge train", .frozen: "edge freeze", .quantized: "edge quantize"]

    /// A factory for the selected variant, loading the model file once.
    /// - Parameter exists: file-existence check (injectable for tests).
    /// - Throws: a one-line error naming the file when it is missing or unusable.
    func makeFactory(exists: (String) -> Bool = { FileSystem.kind(of: $0) != nil }) throws -> ModelEngineFactory {
        if model == nil && !exists(modelPath) {
            throw CommandError("\(modelPath): default \(variant) model not found (make it with `\(Self.makers[variant]!)`, or pass --model FILE)")
        }
        return try ModelEngineFactory(models: [variant: modelPath])
    }
}

extension Variant: ExpressibleByArgument {}
