import EdgeGraph
import EdgeIO
import EdgeModelIO
import EdgePipeline
import Foundation

/// What `edge inspect` reports about a model, as a table or JSON.
struct ModelSummary {
    struct Value {
        var name: String
        var dtype: String
        var shape: [Int]
    }

    struct Layer {
        var name: String
        var op: String
        var outputShape: [Int]
        var parameters: Int
        var flops: Int
    }

    var model: String
    var graph: String
    var sha256: String
    var inputs: [Value]
    var outputs: [Value]
    var parameters: Int
    var flops: Int
    var layers: [Layer]
    /// The file's `edge.preprocess` and `edge.classes`, parsed.
    var description = ModelDescription()

    init(graph: Graph, path: String, sha256: String) throws {
        let types = try graph.inferTypes()
        let cost = try graph.cost()
        model = path
        self.graph = graph.name
        self.sha256 = sha256
        inputs = graph.inputs.map {
            Value(name: $0.name, dtype: $0.type.elementType.rawValue, shape: $0.type.shape.dims)
        }
        outputs = graph.outputs.map {
            Value(name: $0, dtype: types[$0]!.elementType.rawValue, shape: types[$0]!.shape.dims)
        }
        parameters = cost.parameters
        flops = cost.flops
        layers = cost.nodes.map {
            Layer(
                name: $0.node, op: $0.op.rawValue, outputShape: $0.output.shape.dims, parameters: $0.parameters,
                flops: $0.flops)
        }
    }

    /// The `--json` document: `{"model", "graph", "sha256", "inputs", "outputs", "parameters",
    /// "flops", "layers": [{"name", "op", "output_shape", "parameters", "flops"}], "preprocess",
    /// "classes"}`; the last two are the file's `edge.preprocess` object and `edge.classes` list, or `null`.
    func json() -> String {
        func values(_ list: [Value]) -> JSONValue {
            .array(
                list.map {
                    .object([
                        ("name", .string($0.name)), ("dtype", .string($0.dtype)),
                        ("shape", .array($0.shape.map(JSONValue.int))),
                    ])
                })
        }
        return JSONValue.object([
            ("model", .string(model)), ("graph", .string(graph)), ("sha256", .string(sha256)),
            ("inputs", values(inputs)), ("outputs", values(outputs)),
            ("parameters", .int(parameters)), ("flops", .int(flops)),
            (
                "layers",
                .array(
                    layers.map {
                        .object([
                            ("name", .string($0.name)), ("op", .string($0.op)),
                            ("output_shape", .array($0.outputShape.map(JSONValue.int))),
                            ("parameters", .int($0.parameters)), ("flops", .int($0.flops)),
                        ])
                    })
            ),
            ("preprocess", description.preprocess?.jsonValue ?? .null),
            ("classes", description.classes.map { .array($0.map(JSONValue.string)) } ?? .null),
        ]).serialized()
    }

    /// A fixed-width table, one row per layer, with totals.
    func table() -> String {
        func shape(_ dims: [Int]) -> String { "[" + dims.map(String.init).joined(separator: ",") + "]" }
        func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
            let padding = String(repeating: " ", count: max(0, width - text.count))
            return right ? padding + text : text + padding
        }
        var lines = ["\(model)  \(graph)  sha256 \(sha256.prefix(16))…"]
        lines.append("inputs:  " + inputs.map { "\($0.name) \($0.dtype)\(shape($0.shape))" }.joined(separator: ", "))
        lines.append("outputs: " + outputs.map { "\($0.name) \($0.dtype)\(shape($0.shape))" }.joined(separator: ", "))
        lines.append("edge.preprocess: " + (description.preprocess?.summary ?? "none"))
        lines.append("edge.classes: " + (description.classes?.joined(separator: ", ") ?? "none"))
        lines.append("")
        // Layer names from foreign files (`/conv1/Conv`) can be long: the column fits the longest.
        let nameWidth = max(10, (layers.map(\.name.count).max() ?? 0) + 2)
        lines.append(
            pad("layer", nameWidth) + pad("op", 20) + pad("output", 16) + pad("params", 10, right: true)
                + pad("FLOPs", 12, right: true) + pad("FLOP %", 8, right: true))
        for layer in layers {
            let share = flops == 0 ? 0 : 100 * Double(layer.flops) / Double(flops)
            lines.append(
                pad(layer.name, nameWidth) + pad(layer.op, 20) + pad(shape(layer.outputShape), 16)
                    + pad(grouped(layer.parameters), 10, right: true) + pad(grouped(layer.flops), 12, right: true)
                    + pad(String(format: "%.1f", share), 8, right: true))
        }
        lines.append(
            pad("total", nameWidth + 36) + pad(grouped(parameters), 10, right: true)
                + pad(grouped(flops), 12, right: true)
                + String(format: "   (%.2f MFLOP per inference)", Double(flops) / 1e6))
        return lines.joined(separator: "\n")
    }
}

/// `n` with thousands separators: 270778 → "270,778".
func grouped(_ n: Int) -> String {
    let digits = Array(String(n.magnitude))
    var out = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(digit)
    }
    return (n < 0 ? "-" : "") + out
}
