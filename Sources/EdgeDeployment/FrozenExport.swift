import EdgeGraph
import EdgeKernels
import EdgeModelIO
import EdgeRuntime
import EdgeTensor

/// `edge freeze`: a model file frozen (``EdgeGraph/Graph/frozen()``: BatchNorm folded,
/// constants folded, Identity removed) and written as ONNX opset 17, the file the `frozen`
/// variant ships (`models/edge_model.onnx`).
///
/// The bytes depend only on the source file's contents and this version of edge: the source's
/// SHA-256 and name go into `metadata_props`, nothing else about the run does.
public struct FrozenExport: Sendable {
    /// The ONNX opset every frozen file declares.
    public static let opset: Int64 = 17

    public let sourcePath: String
    public let sourceSHA256: String
    /// The source graph, as loaded.
    public let source: Graph
    /// The frozen graph written to the file.
    public let graph: Graph
    public let report: FreezeReport
    /// The ONNX file's bytes.
    public let bytes: [UInt8]

    /// Freezes the model file at `sourcePath` (safetensors or ONNX).
    /// - Parameter description: `edge.preprocess` / `edge.classes` values (JSON text) that replace
    ///   the source's (``ModelDescriptionEntries``).
    /// - Throws: ``DeploymentError`` naming the file when it cannot be read, is not a model,
    ///   or uses an op freezing cannot handle.
    public init(sourcePath: String, description: [String: String] = [:]) throws(DeploymentError) {
        let (fileBytes, source) = try Deployment.read(sourcePath)
        let sourceMetadata: [String: String]
        do { sourceMetadata = try ModelMetadata.read(bytes: fileBytes, path: sourcePath) } catch {
            throw DeploymentError(error.description)
        }
        let frozen: (graph: Graph, report: FreezeReport)
        do { frozen = try source.frozen() } catch { throw DeploymentError("\(sourcePath): \(error)") }
        let sha = SHA256.hex(fileBytes)
        let name = sourcePath.split(separator: "/").last.map(String.init) ?? sourcePath
        let folded = frozen.report.foldedBatchNorms.map { "\($0.batchNorm)->\($0.into)" }.joined(separator: ",")
        do {
            bytes = try ONNXWriter.bytes(
                frozen.graph, path: sourcePath, opset: Self.opset, producer: ("edgeloop", EdgeVersion.release),
                metadata: [
                    ("edge.source", name), ("edge.source_sha256", sha), ("edge.frozen_by", "edge freeze"),
                    ("edge.folded_batch_norms", folded),
                ]
                    + ModelDescriptionEntries.entries(
                        source: sourceMetadata, inputShape: ModelDescriptionEntries.inputShape(of: source),
                        overrides: description))
        } catch {
            throw DeploymentError(error.description)
        }
        self.sourcePath = sourcePath
        self.sourceSHA256 = sha
        self.source = source
        self.graph = frozen.graph
        self.report = frozen.report
    }

    /// SHA-256 of the ONNX bytes, hex.
    public var sha256: String { SHA256.hex(bytes) }

    /// The check `edge freeze` runs before it reports success: the written bytes read back
    /// through ``EdgeModelIO/ONNXReader`` and compiled by the frozen engine give the source
    /// model's eager logits on `count` seeded inputs (normalized-pixel range).
    /// - Returns: the largest `|frozen − eager| / max(1, max |eager|)` and how many inputs
    ///   disagree on the top-1 class.
    /// - Throws: ``DeploymentError`` when the bytes do not load or compile.
    public func verify(count: Int = 100, seed: UInt64 = 17, kernels: KernelPath = .current) throws(DeploymentError)
        -> (maxError: Float, top1Disagreements: Int)
    {
        let reloaded: Graph
        do {
            reloaded = try ONNXReader.graph(bytes: bytes, path: "frozen \(sourcePath)")
        } catch {
            throw DeploymentError(error.description)
        }
        let frozen = try Deployment.compile(reloaded, variant: .frozen, path: "frozen \(sourcePath)", kernels: kernels)
        let eager = try Deployment.compile(source, variant: .eager, path: sourcePath, kernels: kernels)
        let (a, b) = (frozen.makeContext(), eager.makeContext())
        var generator = SplitMix64(seed: seed)
        let inputCount = eager.signature.inputCount
        var x = [Float](repeating: 0, count: inputCount)
        var ya = [Float](repeating: 0, count: eager.signature.classCount)
        var yb = ya
        var worst: Float = 0
        var disagreements = 0
        for _ in 0..<count {
            for i in 0..<inputCount { x[i] = (generator.nextFloat(in: 0..<1) - 0.1307) / 0.3081 }
            do {
                try x.withUnsafeBufferPointer { input throws(EngineError) in
                    try a.predict(input: input, into: &ya)
                    try b.predict(input: input, into: &yb)
                }
            } catch {
                throw DeploymentError("\(sourcePath): \(error)")
            }
            let scale = max(1, yb.map(abs).max() ?? 0)
            worst = max(worst, zip(ya, yb).map { abs($0 - $1) }.max()! / scale)
            if ya.indices.max(by: { ya[$0] < ya[$1] }) != yb.indices.max(by: { yb[$0] < yb[$1] }) {
                disagreements += 1
            }
        }
        return (worst, disagreements)
    }
}
