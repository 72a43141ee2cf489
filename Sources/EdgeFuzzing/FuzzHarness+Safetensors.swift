import EdgeGraph
import EdgeModelIO
import EdgeRuntime
import EdgeTensor

extension FuzzHarness {
    /// Safetensors bytes through `SafetensorsFile(bytes:)` and, when they parse, through what a
    /// reader of the file does next: the typed accessors of every tensor, a serialize → parse
    /// round trip (which must give the same file), `DigitCNNWeights(safetensors:)`, and, for
    /// DigitCNN weights, the graph, its validation and one eager prediction on a blank input.
    public static func safetensors(_ data: UnsafeRawBufferPointer) {
        guard let file = try? SafetensorsFile(bytes: Array(data)) else { return }
        for name in file.names {
            guard let tensor = file[name] else { preconditionFailure("'\(name)' listed but missing") }
            precondition(
                tensor.bytes.count == tensor.shape.elementCount * tensor.dtype.byteSize, "'\(name)' byte count")
            if let floats = tensor.floatTensor { precondition(floats.shape == tensor.shape, "'\(name)' float shape") }
            if let integers = tensor.int64Values {
                precondition(integers.count == tensor.shape.elementCount, "'\(name)' I64 count")
            }
        }
        do {
            let again = try SafetensorsFile(bytes: file.serialized())
            precondition(again == file, "serialize → parse changed the file")
        } catch {
            preconditionFailure("a parsed file does not parse after serializing: \(error)")
        }
        guard let weights = try? DigitCNNWeights(safetensors: file) else { return }
        let graph = DigitCNN.graph(weights: weights)
        do {
            try graph.validate()
            let engine = try EagerModel(graph: graph).makeContext()
            let prediction = try engine.predict(Tensor<Float>(shape: [1, 1, DigitCNN.imageSize, DigitCNN.imageSize]))
            precondition(
                prediction.logits.count == DigitCNN.classCount && (0..<DigitCNN.classCount).contains(prediction.label),
                "prediction \(prediction)")
        } catch {
            preconditionFailure("weights that load give a graph that does not run: \(error)")
        }
    }
}
