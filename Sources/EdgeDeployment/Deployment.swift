import EdgeGraph
import EdgeIO
import EdgeKernels
import EdgeModelIO
import EdgeRuntime

/// The three deployments of a model as files and engines: each variant's default model file,
/// the engine each variant compiles a graph with, and the messages for a variant that cannot
/// run. The CLI, the benchmarks and the tests all go through here.
public enum Deployment {
    /// The model file each variant uses when none is given (relative to the working directory).
    public static let defaultModels: [Variant: String] = [
        .eager: "models/baseline_cnn.safetensors",
        .frozen: "models/edge_model.onnx",
        .quantized: "models/quantized_cnn.onnx",
    ]

    /// The default model file of `variant`.
    public static func defaultModel(_ variant: Variant) -> String { defaultModels[variant]! }

    /// Variants this version of edge can run.
    public static let runnable: Set<Variant> = [.eager, .frozen, .quantized]

    /// The command that makes each runnable variant's default model.
    static let makers: [Variant: String] = [
        .eager: "edge train --out", .frozen: "edge freeze --out", .quantized: "edge quantize --out",
    ]

    /// The one line for a variant whose engine does not exist yet, or whose model file is missing.
    public static func unavailable(_ variant: Variant, path: String) -> String {
        guard runnable.contains(variant) else {
            let today = Variant.allCases.filter(runnable.contains).map(\.rawValue).joined(separator: ", ")
            return "\(path): the \(variant) variant is not available in this version of edge (\(EdgeVersion.release)); "
                + "runnable today: \(today)"
        }
        return "\(path): \(variant) model not found (make it with `\(makers[variant]!) \(path)`, or pass --model FILE)"
    }

    /// Checks that `variant` can run and its model file exists, before anything is loaded.
    /// - Parameters:
    ///   - path: the model file (`--model`, or the variant's default).
    ///   - exists: file-existence check (injectable for tests).
    /// - Throws: ``DeploymentError`` with the ``unavailable(_:path:)`` line.
    public static func checkAvailable(
        _ variant: Variant, path: String, exists: (String) -> Bool = { FileSystem.kind(of: $0) != nil }
    ) throws(DeploymentError) {
        guard runnable.contains(variant), exists(path) else {
            throw DeploymentError(unavailable(variant, path: path))
        }
    }

    /// Compiles `graph` with the engine of `variant`: the one engine factory.
    /// - Parameters:
    ///   - path: the model file the graph came from, for errors.
    ///   - kernels: the kernel path the engine's ops use.
    /// - Throws: ``DeploymentError`` naming `path` and the node or reason the engine refuses.
    public static func compile(
        _ graph: Graph, variant: Variant, path: String, kernels: KernelPath = .current
    ) throws(DeploymentError) -> any CompiledModel {
        switch variant {
        case .eager:
            do {
                return try EagerModel(graph: graph, path: kernels)
            } catch {
                throw DeploymentError("\(path): \(error)")
            }
        case .frozen:
            do {
                return try FrozenModel(graph: graph, path: kernels)
            } catch {
                throw DeploymentError("\(path): \(error)")
            }
        case .quantized:
            guard graph.nodes.contains(where: { $0.op == .quantizeLinear }) else {
                throw DeploymentError(
                    "\(path): not a quantized model (no QuantizeLinear): make one with `edge quantize --model \(path)`")
            }
            do {
                return try QuantizedModel(graph: graph, path: kernels)
            } catch let refusal {
                // A QDQ graph the integer kernels cannot map still runs, in float, and says so.
                do {
                    let model = try FloatQDQModel(graph: graph, reason: refusal, path: kernels)
                    StandardError.write(
                        "warning: \(path): \(refusal); running the quantized graph in float (fake quantization)\n")
                    return model
                } catch {
                    throw DeploymentError("\(path): \(error)")
                }
            }
        }
    }

    /// The bytes and the validated graph of the model file at `path` (`.safetensors` or `.onnx`).
    /// - Throws: ``DeploymentError`` naming the file: missing, unreadable, of an unknown format
    ///   or malformed.
    public static func read(_ path: String) throws(DeploymentError) -> (bytes: [UInt8], graph: Graph) {
        do {
            _ = try ModelFile.format(of: path)
            let bytes = try ModelFile.readBytes(contentsOf: path)
            return (bytes, try ModelFile.loadGraph(bytes: bytes, path: path))
        } catch {
            throw DeploymentError(error.description)
        }
    }

    /// Loads the model file at `path` and compiles it for `variant`.
    /// - Throws: ``DeploymentError`` naming the file and the problem.
    public static func load(
        _ path: String, variant: Variant, kernels: KernelPath = .current
    ) throws(DeploymentError) -> LoadedModel {
        try LoadedModel(path: path, variant: variant, kernels: kernels)
    }
}

/// A model that cannot be deployed: one line naming the file and the problem.
public struct DeploymentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
