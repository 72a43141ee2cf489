import ArgumentParser
import EdgeDeployment
import EdgeIO
import Foundation

/// `edge freeze`: writes the frozen deployment of a model, an ONNX file (opset 17) with
/// BatchNorm folded into the convolutions, that the `frozen` variant, onnxruntime and any
/// ONNX tool load without the model's source code.
struct FreezeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freeze",
        abstract: "Freeze a model into ONNX (BatchNorm folded, opset 17) for the frozen variant.",
        discussion: """
            The file is deterministic (same source, same bytes) and records the source's SHA-256 in \
            its metadata_props. Before reporting success, the written bytes are read back, compiled \
            by the frozen engine and compared with the source model's eager logits.
            """
    )

    @Option(help: "The model to freeze (.safetensors or .onnx).")
    var model = Deployment.defaultModel(.eager)

    @Option(help: "Where to write the frozen ONNX model.")
    var out = Deployment.defaultModel(.frozen)

    @Flag(help: "Replace the --out file if it exists (the default --out is the committed model).")
    var force = false

    @Flag(help: "Print the result as JSON on stdout.")
    var json = false

    /// Seeded inputs the written file is checked on.
    static let checkedInputs = 100

    func run() throws {
        do {
            try OutputPath(out, existing: .refuseWithoutForce).check(force: force)
        } catch {
            throw CommandError(error.description)
        }
        let export = try FrozenExport(sourcePath: model)
        let check = try export.verify(count: Self.checkedInputs)
        // Well past float rounding: a broken fold or writer, never a reason to ship the file.
        guard check.maxError <= 1e-4, check.top1Disagreements == 0 else {
            throw CommandError(
                "\(out): not written: the frozen model differs from \(model) by \(check.maxError) "
                    + "(\(check.top1Disagreements) of \(Self.checkedInputs) top-1 disagree)")
        }
        do {
            try OutputPath(out, existing: .refuseWithoutForce).write(export.bytes)
        } catch {
            throw CommandError(error.description)
        }
        let folds = export.report.foldedBatchNorms
        if json {
            print(
                JSONValue.object([
                    ("source", .string(model)), ("source_sha256", .string(export.sourceSHA256)),
                    ("out", .string(out)), ("sha256", .string(export.sha256)), ("bytes", .int(export.bytes.count)),
                    ("opset", .int(Int(FrozenExport.opset))),
                    ("nodes_before", .int(export.source.nodes.count)), ("nodes_after", .int(export.graph.nodes.count)),
                    (
                        "folded_batch_norms",
                        .array(
                            folds.map { .object([("batch_norm", .string($0.batchNorm)), ("into", .string($0.into))]) })
                    ),
                    ("removed_identities", .array(export.report.removedIdentities.map(JSONValue.string))),
                    ("folded_constants", .array(export.report.foldedConstants.map(JSONValue.string))),
                    ("checked_inputs", .int(Self.checkedInputs)),
                    ("max_error", .double(Double(check.maxError))),
                ]).serialized())
            return
        }
        print("froze \(model) -> \(out)")
        print("  onnx opset \(FrozenExport.opset), \(export.bytes.count) bytes, sha256 \(export.sha256)")
        print(
            "  nodes \(export.source.nodes.count) -> \(export.graph.nodes.count); "
                + "BatchNorm folded: \(folds.isEmpty ? "none" : folds.map { "\($0.batchNorm) into \($0.into)" }.joined(separator: ", "))"
        )
        print(
            "  checked: read back and run frozen, equals eager on \(Self.checkedInputs) seeded inputs "
                + "(max relative error \(String(format: "%.1e", Double(check.maxError))))")
    }
}
