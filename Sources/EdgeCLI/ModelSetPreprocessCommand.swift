import ArgumentParser
import EdgeDeployment
import EdgeIO
import EdgeModelIO
import EdgePipeline
import EdgeRuntime

/// `edge model set-preprocess <model> --preprocess P [--classes C] [-o OUT]`: stores the
/// preprocessing and class names in a foreign model file, so every command runs it without flags.
struct ModelSetPreprocessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-preprocess",
        abstract: "Store edge.preprocess (and edge.classes) in a .onnx or .safetensors model file.",
        discussion: """
            The preprocessing is checked against the model's input shape and the class names against \
            its logits before anything is written. Only the metadata changes (ONNX metadata_props, \
            safetensors __metadata__); the file is rewritten in place, atomically, unless -o is given.
            """
    )

    @Argument(help: "The model file (.onnx or .safetensors).")
    var model: String

    @Option(help: "Preprocessing file (YAML: mode, size, channels, mean, std, resize).")
    var preprocess: String

    @Option(help: "Class names: a file with one name per line, or one comma-separated line.")
    var classes: String?

    @Option(name: .shortAndLong, help: "Write the result here instead of rewriting the model file.")
    var out: String?

    @Flag(help: "Print the result as JSON on stdout.")
    var json = false

    func run() throws {
        let target = out ?? model
        let spec = try ModelSetup.loadPreprocess(preprocess)!
        let names = try classes.map(ModelSetup.loadClasses)
        let loaded: LoadedModel
        do {
            loaded = try Deployment.load(model, variant: .eager)
        } catch {
            throw CommandError(error.description)
        }
        // The same checks every command makes at load.
        let signature = loaded.compiled.signature
        _ = try ModelSetup(loaded, override: preprocess)
        if let names, names.count != signature.classCount {
            throw CommandError(
                "\(classes!): \(names.count) class names, but \(model) writes \(signature.classCount) logits")
        }
        var entries = [(key: ModelDescription.preprocessKey, value: spec.jsonText)]
        if let names { entries.append((ModelDescription.classesKey, ModelDescription.classesJSON(names))) }
        let bytes: [UInt8]
        do {
            bytes = try ModelMetadata.setting(entries, in: loaded.bytes, path: model)
        } catch {
            throw CommandError(error.description)
        }
        do {
            try OutputPath(target).write(bytes)
        } catch {
            throw CommandError(error.description)
        }
        if json {
            print(
                JSONValue.object([
                    ("model", .string(model)), ("out", .string(target)), ("preprocess", spec.jsonValue),
                    ("classes", names.map { .array($0.map(JSONValue.string)) } ?? .null), ("bytes", .int(bytes.count)),
                ]).serialized())
        } else {
            print("\(target): edge.preprocess = \(spec.summary)")
            if let names { print("\(target): edge.classes = \(names.joined(separator: ", "))") }
        }
    }
}
