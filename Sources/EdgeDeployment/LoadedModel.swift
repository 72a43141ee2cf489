import EdgeGraph
import EdgeKernels
import EdgeModelIO
import EdgeRuntime

/// A model file read once and compiled for one variant: file → graph → compiled model.
public struct LoadedModel: Sendable {
    public let path: String
    public let variant: Variant
    /// The validated graph the file holds.
    public let graph: Graph
    /// The compiled model, shared by every context made from it.
    public let compiled: any CompiledModel
    /// Bytes of the file as read (for its hash).
    public let bytes: [UInt8]
    /// The file's string metadata (safetensors `__metadata__`, ONNX `metadata_props`), where
    /// `edge.preprocess` and `edge.classes` live.
    public let metadata: [String: String]
    /// Time to read, validate and compile, in microseconds.
    public let loadMicroseconds: Double

    /// Reads, validates and compiles the model file at `path`.
    /// - Throws: ``DeploymentError`` naming the file: missing, unreadable, malformed, not a
    ///   classifier, or using an op the variant's engine lacks.
    public init(path: String, variant: Variant, kernels: KernelPath = .current) throws(DeploymentError) {
        let start = ContinuousClock.now
        (bytes, graph) = try Deployment.read(path)
        do {
            metadata = try ModelMetadata.read(bytes: bytes, path: path)
        } catch {
            throw DeploymentError(error.description)
        }
        compiled = try Deployment.compile(graph, variant: variant, path: path, kernels: kernels)
        self.path = path
        self.variant = variant
        let elapsed = (ContinuousClock.now - start).components
        loadMicroseconds = Double(elapsed.seconds) * 1e6 + Double(elapsed.attoseconds) / 1e12
    }

    /// SHA-256 of the file, hex (computed on request: ~4 ms per MB).
    public var sha256: String { SHA256.hex(bytes) }
}

/// The engine factory the CLI hands to the pipeline: each variant's model file loaded and
/// compiled once, in `init`; every worker makes its own context from the shared compiled model.
public struct DeploymentFactory: InferenceEngineFactory {
    private let models: [Variant: LoadedModel]

    /// Loads and compiles the model file of each variant.
    /// - Throws: ``DeploymentError`` naming the first file that is missing or unusable.
    public init(models paths: [Variant: String], kernels: KernelPath = .current) throws(DeploymentError) {
        var models: [Variant: LoadedModel] = [:]
        for (variant, path) in paths.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            models[variant] = try LoadedModel(path: path, variant: variant, kernels: kernels)
        }
        self.models = models
    }

    /// The model loaded for `variant`, when loaded.
    public func model(variant: Variant) -> LoadedModel? { models[variant] }

    public func compiledModel(variant: Variant) throws -> any CompiledModel {
        guard let model = models[variant] else {
            throw EngineError.unavailable("no model loaded for variant \(variant)")
        }
        return model.compiled
    }

    public func modelSHA256(variant: Variant) throws -> String {
        guard let model = models[variant] else {
            throw EngineError.unavailable("no model loaded for variant \(variant)")
        }
        return model.sha256
    }
}
