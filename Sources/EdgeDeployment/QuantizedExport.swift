import EdgeGraph
import EdgeKernels
import EdgeModelIO
import EdgeQuantization
import EdgeRuntime
import EdgeTensor

/// `edge quantize`: a float model file calibrated on sample images and written as QDQ ONNX
/// (opset 17), the file the `quantized` variant ships (`models/quantized_cnn.onnx`).
///
/// The bytes depend only on the source file, the calibration inputs, the method and this
/// version of edge: calibration runs on the portable kernels, and `metadata_props` records the
/// source's SHA-256, the method, the calibration count and seed — nothing about the run.
public struct QuantizedExport: Sendable {
    /// The ONNX opset every quantized file declares (per-axis DequantizeLinear needs 13).
    public static let opset: Int64 = 17

    public let sourcePath: String
    public let sourceSHA256: String
    public let result: QuantizationResult
    /// The ONNX file's bytes.
    public let bytes: [UInt8]

    /// Quantizes the model file at `sourcePath` (safetensors or ONNX) on `calibration`.
    /// - Parameters:
    ///   - seed: recorded in the file (the seed that drew `calibration`).
    ///   - description: `edge.preprocess` / `edge.classes` values (JSON text) that replace the
    ///     source's (``ModelDescriptionEntries``).
    /// - Throws: ``DeploymentError`` naming the file when it cannot be read or quantized.
    public init(
        sourcePath: String, calibration: [Tensor<Float>], seed: UInt64, method: CalibrationMethod,
        activationType: ActivationType = .int8, description: [String: String] = [:],
        progress: (Int) -> Void = { _ in }
    ) throws(DeploymentError) {
        let (fileBytes, source) = try Deployment.read(sourcePath)
        let sourceMetadata: [String: String]
        do { sourceMetadata = try ModelMetadata.read(bytes: fileBytes, path: sourcePath) } catch {
            throw DeploymentError(error.description)
        }
        // Quantize the frozen graph (BatchNorm folded into its conv, constants folded), as a
        // deployment runs it: a BatchNorm left between quantized layers keeps the integer engine
        // from mapping the model (it then runs as fake quantization).
        let frozen: Graph
        do { frozen = try source.frozen().graph } catch { throw DeploymentError("\(sourcePath): \(error)") }
        let quantizer = PostTrainingQuantizer(method: method, activationType: activationType, kernels: .portable)
        let result: QuantizationResult
        do { result = try quantizer.quantize(frozen, calibration: calibration, progress: progress) } catch {
            throw DeploymentError("\(sourcePath): \(error)")
        }
        let sha = SHA256.hex(fileBytes)
        let name = sourcePath.split(separator: "/").last.map(String.init) ?? sourcePath
        do {
            bytes = try ONNXWriter.bytes(
                result.graph, path: sourcePath, opset: Self.opset, producer: ("edgeloop", EdgeVersion.release),
                metadata: [
                    ("edge.source", name), ("edge.source_sha256", sha), ("edge.quantized_by", "edge quantize"),
                    ("edge.quantization.method", method.description),
                    ("edge.quantization.activations", activationType.rawValue),
                    ("edge.quantization.weights", "int8 per output channel, symmetric"),
                    ("edge.quantization.calibration_count", "\(calibration.count)"),
                    ("edge.quantization.calibration_seed", "\(seed)"),
                ]
                    + ModelDescriptionEntries.entries(
                        source: sourceMetadata, inputShape: ModelDescriptionEntries.inputShape(of: source),
                        overrides: description))
        } catch {
            throw DeploymentError(error.description)
        }
        self.sourcePath = sourcePath
        self.sourceSHA256 = sha
        self.result = result
    }

    /// SHA-256 of the ONNX bytes, hex.
    public var sha256: String { SHA256.hex(bytes) }

    /// The per-layer error report on `inputs` (the calibration images).
    public func report(on inputs: [Tensor<Float>]) throws(DeploymentError) -> LayerErrorReport {
        do { return try LayerErrorReport(result, inputs: inputs) } catch {
            throw DeploymentError("\(sourcePath): \(error)")
        }
    }

    /// The check `edge quantize` runs before writing: the bytes read back through
    /// ``EdgeModelIO/ONNXReader`` run (eager, fake-quant) to the same logits as the graph made
    /// in memory on `inputs`.
    /// - Returns: the largest logit difference.
    public func verify(on inputs: [Tensor<Float>]) throws(DeploymentError) -> Float {
        let reloaded: Graph
        let engines: (EagerInterpreter, EagerInterpreter)
        do {
            reloaded = try ONNXReader.graph(bytes: bytes, path: "quantized \(sourcePath)")
            engines = (
                try EagerInterpreter(graph: reloaded, path: .portable),
                try EagerInterpreter(graph: result.graph, path: .portable)
            )
        } catch {
            throw DeploymentError("quantized \(sourcePath): \(error)")
        }
        let name = reloaded.inputs[0].name
        var worst: Float = 0
        for x in inputs {
            do {
                let a = try engines.0.run([name: x])[reloaded.outputs[0]]!.scalars
                let b = try engines.1.run([name: x])[result.graph.outputs[0]]!.scalars
                worst = max(worst, zip(a, b).map { abs($0 - $1) }.max() ?? 0)
            } catch {
                throw DeploymentError("quantized \(sourcePath): \(error)")
            }
        }
        return worst
    }
}
