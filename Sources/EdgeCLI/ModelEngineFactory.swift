import EdgeGraph
import EdgeModelIO
import EdgeRuntime

/// Builds inference engines from model files; the CLI hands it to the pipeline, which therefore
/// never reads model files itself.
///
/// Each model file is read and validated once, in `init`; `makeEngine` then builds a fresh
/// engine from the in-memory graph for each worker. The SHA-256 is computed from the bytes read
/// then, on request (it costs ~4 ms per MB, a sixth of a cold `edge infer`).
struct ModelEngineFactory: InferenceEngineFactory {
    private struct LoadedModel {
        var path: String
        var graph: Graph
        var bytes: [UInt8]
    }

    private let models: [Variant: LoadedModel]

    /// Loads the model file of each variant.
    /// - Throws: `ModelFileError` naming the first file that is missing or unusable.
    init(models paths: [Variant: String]) throws {
        var models: [Variant: LoadedModel] = [:]
        for (variant, path) in paths {
            _ = try ModelFile.format(of: path)
            let bytes = try ModelFile.readBytes(contentsOf: path)
            models[variant] = LoadedModel(
                path: path, graph: try ModelFile.loadGraph(bytes: bytes, path: path), bytes: bytes)
        }
        self.models = models
    }

    /// The model file behind `variant`, when loaded.
    func modelPath(variant: Variant) -> String? { models[variant]?.path }

    /// The graph loaded for `variant`, when loaded.
    func graph(variant: Variant) -> Graph? { models[variant]?.graph }

    func makeEngine(variant: Variant) throws -> any InferenceEngine {
        guard let model = models[variant] else {
            throw EngineError.unavailable("no model loaded for variant \(variant)")
        }
        switch variant {
        case .eager:
            do {
                return try EagerEngine(graph: model.graph)
            } catch {
                throw ModelFileError(path: model.path, problem: error.description)
            }
        case .frozen, .quantized:
            throw EngineError.unavailable(ModelOptions.unavailable(variant, path: model.path))
        }
    }

    func modelSHA256(variant: Variant) throws -> String {
        guard let model = models[variant] else {
            throw EngineError.unavailable("no model loaded for variant \(variant)")
        }
        return SHA256.hex(model.bytes)
    }
}
