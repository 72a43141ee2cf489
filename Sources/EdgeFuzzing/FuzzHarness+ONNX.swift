import EdgeGraph
import EdgeModelIO
import EdgeRuntime
import EdgeTensor

extension FuzzHarness {
    /// ONNX bytes through `ONNXReader.graph(bytes:path:)` as `--model FILE.onnx` reads them, then
    /// what a command does next: validation, static types, the cost count and, for a small
    /// classifier the eager engine compiles, one prediction on a zero input whose logits must
    /// have the signature's class count; then the same through the frozen engine (freezing,
    /// fusion and the arena planner), which must accept every graph the eager engine accepts; and
    /// a QDQ graph through the integer engine.
    public static func onnx(_ data: UnsafeRawBufferPointer) {
        guard let graph = try? ONNXReader.graph(bytes: Array(data), path: "fuzz.onnx") else { return }
        guard (try? graph.validate()) != nil, let types = try? graph.inferTypes() else { return }
        onnxQuantized(graph)
        for input in graph.inputs {
            precondition(types[input.name] == input.type, "input '\(input.name)' type changed")
        }
        guard let cost = try? graph.cost(), cost.flops <= 20_000_000,
            let model = try? EagerModel(graph: graph), model.signature.inputCount <= 1 << 20
        else { return }
        let context = model.makeContext()
        let input = Tensor<Float>(shape: model.signature.inputShape)
        guard let logits = try? context.logits(input) else { return }
        precondition(logits.count == model.signature.classCount, "\(logits.count) logits for \(model.signature)")
        // Eager runs Q/DQ as fake quantization; the float-only frozen plan refuses them on purpose.
        guard !graph.nodes.contains(where: { $0.op == .quantizeLinear || $0.op == .dequantizeLinear }) else { return }
        let frozen: FrozenModel
        do { frozen = try FrozenModel(graph: graph) } catch {
            preconditionFailure("eager compiles, frozen refuses: \(error)")
        }
        precondition(frozen.signature == model.signature, "frozen signature \(frozen.signature) vs \(model.signature)")
        let frozenLogits = try? frozen.makeContext().logits(input)
        precondition(frozenLogits?.count == logits.count, "frozen gave \(String(describing: frozenLogits))")
    }

    /// The integer engine on a QDQ graph the reader accepts: it lowers it or refuses it with an
    /// error, and a lowered plan predicts the signature's class count.
    static func onnxQuantized(_ graph: Graph) {
        guard graph.nodes.contains(where: { $0.op == .quantizeLinear }), let cost = try? graph.cost(),
            cost.flops <= 20_000_000, let model = try? QuantizedModel(graph: graph),
            model.signature.inputCount <= 1 << 20
        else { return }
        let logits = try? model.makeContext().logits(Tensor<Float>(shape: model.signature.inputShape))
        precondition(logits?.count == model.signature.classCount, "quantized gave \(String(describing: logits))")
    }
}
