import ArgumentParser
import EdgeDeployment
import EdgeIO
import EdgeQuantization
import Foundation

/// `edge quantize`: writes the quantized deployment of a float model, a QDQ ONNX file (opset
/// 17: int8 weights per output channel, int32 biases, int8/uint8 activations per tensor)
/// calibrated on sample images, and the per-layer error report.
struct QuantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantize",
        abstract:
            "Quantize a float model to int8 QDQ ONNX, calibrated on sample images, with a per-layer error report.",
        discussion: """
            Static post-training quantization: activation ranges are recorded through the float eager \
            engine on the calibration images (default: 200 stratified images of the train split of \
            samples/mnist). The file is deterministic and records the source's SHA-256, the method, \
            the calibration count and seed in its metadata_props. The report compares every quantized \
            layer's output with float on the calibration images, worst layer first.
            """
    )

    @Option(help: "The float model to quantize (.onnx or .safetensors).")
    var model = Deployment.defaultModel(.frozen)

    @Option(help: "Where to write the quantized ONNX model.")
    var out = Deployment.defaultModel(.quantized)

    @Option(help: "Activation range method: minmax (default), percentile (99.99), percentile:P or entropy.")
    var method = "minmax"

    @Option(help: "Calibration images: an MNIST IDX folder (its train split) or a folder of PNGs.")
    var calibration = CalibrationSet.defaultDirectory

    @Option(
        help:
            "Preprocessing file (YAML: mode, size, channels, mean, std, resize) for the calibration images; overrides the model's edge.preprocess and is stored in the quantized file."
    )
    var preprocess: String?

    @Option(help: "How many calibration images.")
    var count = CalibrationSet.defaultCount

    @Option(help: "Seed of the calibration draw.")
    var seed = CalibrationSet.defaultSeed

    @Option(help: "Activation element type: int8 or uint8.")
    var activations = "int8"

    @Option(help: "Also write the per-layer error report as JSON to this file.")
    var report: String?

    @Flag(help: "Replace the --out file if it exists (the default --out is the committed model).")
    var force = false

    @Flag(help: "Print the result as JSON on stdout.")
    var json = false

    func validate() throws {
        guard CalibrationMethod(method) != nil else {
            throw ValidationError("--method: '\(method)' is not one of minmax, percentile, percentile:P, entropy")
        }
        guard ActivationType(rawValue: activations) != nil else {
            throw ValidationError("--activations: '\(activations)' is not one of int8, uint8")
        }
        guard count > 0 else { throw ValidationError("--count must be positive, got \(count)") }
    }

    func run() throws {
        do {
            try OutputPath(out, existing: .refuseWithoutForce).check(force: force)
        } catch {
            throw CommandError(error.description)
        }
        let method = CalibrationMethod(method)!
        // The source's preprocessing (or --preprocess) makes the calibration inputs, as the device would.
        let setup: ModelSetup
        do {
            setup = try ModelSetup(try Deployment.load(model, variant: .eager), override: preprocess)
        } catch let error as DeploymentError {
            throw CommandError(error.description)
        }
        let inputs = try CalibrationSet.load(
            directory: calibration, count: count, seed: seed, preprocess: setup.preprocess)
        let progress = ProgressCounter(total: inputs.count, every: 20)
        let description = preprocess == nil ? [:] : [ModelDescriptionEntries.preprocessKey: setup.preprocess.jsonText]
        let export = try QuantizedExport(
            sourcePath: model, calibration: inputs, seed: seed, method: method,
            activationType: ActivationType(rawValue: activations)!, description: description,
            progress: progress.update)
        progress.finish()
        let mismatch = try export.verify(on: Array(inputs.prefix(20)))
        guard mismatch == 0 else {
            throw CommandError(
                "\(out): not written: the file read back differs from the quantized graph by \(mismatch)")
        }
        let layers = try export.report(on: inputs)
        do {
            try OutputPath(out, existing: .refuseWithoutForce).write(export.bytes)
            if let report { try OutputPath(report).write(layers.json(method: method).serialized() + "\n") }
        } catch {
            throw CommandError(error.description)
        }
        if json {
            print(
                JSONValue.object([
                    ("source", .string(model)), ("source_sha256", .string(export.sourceSHA256)),
                    ("out", .string(out)), ("sha256", .string(export.sha256)), ("bytes", .int(export.bytes.count)),
                    ("opset", .int(Int(QuantizedExport.opset))), ("calibration", .string(calibration)),
                    ("calibration_count", .int(inputs.count)), ("seed", .uint(seed)),
                    ("activations", .string(activations)), ("report", layers.json(method: method)),
                ]).serialized())
            return
        }
        print("quantized \(model) -> \(out)")
        print("  onnx opset \(QuantizedExport.opset) QDQ, \(export.bytes.count) bytes, sha256 \(export.sha256)")
        print(
            "  method \(method), \(inputs.count) calibration images from \(calibration) (seed \(seed)), "
                + "weights int8 per channel, activations \(activations) per tensor, biases int32")
        print("  per-layer error on the calibration images, worst first:")
        for line in layers.table { print("    " + line) }
    }
}
