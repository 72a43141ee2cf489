import ArgumentParser
import EdgeGraph
import EdgeModelIO
import Foundation

/// `edge inspect <model>`: the model's layers, shapes, parameters and FLOPs.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a model's layers, output shapes, parameters and FLOPs per layer."
    )

    @Argument(help: "Model file (.safetensors or .onnx).")
    var model: String

    @Flag(help: "Print the summary as JSON on stdout.")
    var json = false

    func run() throws {
        _ = try ModelFile.format(of: model)
        let bytes = try ModelFile.readBytes(contentsOf: model)
        let graph = try ModelFile.loadGraph(bytes: bytes, path: model)
        var summary = try ModelSummary(graph: graph, path: model, sha256: SHA256.hex(bytes))
        summary.description = try ModelSetup.describe(
            try ModelMetadata.read(bytes: bytes, path: model), model: model)
        if json {
            print(summary.json())
        } else {
            print(summary.table())
        }
    }
}
