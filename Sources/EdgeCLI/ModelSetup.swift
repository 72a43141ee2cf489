import EdgeDeployment
import EdgeIO
import EdgeImaging
import EdgePipeline
import EdgeRuntime

/// A loaded model with the preprocessing and class names it runs with: `--preprocess` over
/// the file's `edge.preprocess` over digit mode (1×28×28 models only), and `edge.classes`.
struct ModelSetup {
    let loaded: LoadedModel
    let preprocess: Preprocess
    /// Class names, index = class; nil when the model names none.
    let classes: [String]?

    /// The name of class `index`: its `edge.classes` name, else the number.
    func className(_ index: Int) -> String {
        guard let classes, classes.indices.contains(index) else { return String(index) }
        return classes[index]
    }

    /// Resolves `loaded`'s preprocessing and classes.
    /// - Parameters:
    ///   - override: the `--preprocess` file, when given.
    ///   - overridden: a preprocessing given otherwise (a pipeline's `preprocess:` keys), below
    ///     `override` and above the model's.
    /// - Throws: `CommandError` (one line naming the file) for a malformed preprocess file or
    ///   metadata, no preprocessing for a model that is not 1×28×28, a shape mismatch, or
    ///   class names that do not match the model's logits.
    init(_ loaded: LoadedModel, override: String?, overridden: Preprocess? = nil) throws {
        self.loaded = loaded
        let description = try Self.describe(loaded.metadata, model: loaded.path)
        let signature = loaded.compiled.signature
        do {
            preprocess = try FrameClassifier.resolve(
                try Self.loadPreprocess(override) ?? overridden, model: description, signature: signature,
                path: loaded.path)
        } catch let error as PipelineError {
            throw CommandError(error.description)
        }
        classes = description.classes
        if let classes, classes.count != signature.classCount {
            throw CommandError(
                "\(loaded.path): \(ModelDescription.classesKey) names \(classes.count) classes, "
                    + "but the model writes \(signature.classCount) logits")
        }
    }

    /// The parsed `edge.preprocess` and `edge.classes` of `metadata`.
    /// - Throws: `CommandError` naming the model and the key.
    static func describe(_ metadata: [String: String], model: String) throws -> ModelDescription {
        do {
            return try ModelDescription(metadata: metadata, model: model)
        } catch {
            throw CommandError(error.description)
        }
    }

    /// The `--preprocess` file, parsed; nil when none is given.
    /// - Throws: `CommandError` naming the file and the key.
    static func loadPreprocess(_ path: String?) throws -> Preprocess? {
        guard let path else { return nil }
        do {
            return try Preprocess.load(contentsOf: path)
        } catch {
            throw CommandError(error.description)
        }
    }

    /// Class names from the `--classes` file: one per line, or one comma-separated line.
    /// - Throws: `CommandError` naming the file.
    static func loadClasses(_ path: String) throws -> [String] {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path, limit: 1 << 20)
        } catch {
            throw CommandError(error.description)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw CommandError("\(path): not UTF-8 text") }
        do {
            return try ModelDescription.classes(text: text, file: path)
        } catch {
            throw CommandError(error.description)
        }
    }
}
