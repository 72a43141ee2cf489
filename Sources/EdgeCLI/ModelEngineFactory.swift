import EdgeGraph
import EdgeModelIO
import EdgeRuntime

/// Builds inference engines from model files; the CLI hands it to the pipeline, which therefore
/// never reads model files itself.
///
/// Each model file is read, hashed and validated once, in `init`; `makeEngine` then builds a
/// fresh engine from the in-memory graph for each worker.
struct ModelEngineFactory: InferenceEngineFactory {
    private struct LoadedModel {
        var path: String
        var graph: Graph
        var sha256: String
    }

    private let models: [Variant: LoadedModel]

    /// Loads the model file of each variant.
    /// - Throws: `ModelFileError` naming the first file that is missing or unusable.
    init(models paths: [Variant: String]) throws {
        var models: [Variant: LoadedModel] = [:]
        for (variant, path) in paths {
            let graph = try ModelFile.loadGraph(contentsOf: path)
            models[variant] = LoadedModel(path: path, graph: graph, sha256: try SHA256.hex(contentsOf: path))
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
            throw EngineError.unavailable("\(model.path): the \(variant) engine is not built yet (use --variant eager)")
        }
    }

    func modelSHA256(variant: Variant) throws -> String {
        guard let model = models[variant] else {
            throw EngineError.unavailable("no model loaded for variant \(variant)")
        }
        return model.sha256
    }
}
