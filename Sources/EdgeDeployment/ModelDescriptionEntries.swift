import EdgeGraph
import EdgeImaging
import EdgeTensor

/// The `edge.preprocess` and `edge.classes` metadata a written model carries (`edge train`,
/// `edge freeze`, `edge quantize`): the caller's value, else the source file's text unchanged,
/// else, for preprocessing of a `[1, 1, 28, 28]` model, digit mode. Class names are written
/// only when known.
public enum ModelDescriptionEntries {
    public static let preprocessKey = "edge.preprocess"
    public static let classesKey = "edge.classes"

    /// The entries to write, preprocess first.
    /// - Parameters:
    ///   - source: the source file's metadata.
    ///   - inputShape: the model's input shape.
    ///   - overrides: values given on the command line (JSON text), by key.
    public static func entries(
        source: [String: String], inputShape: Shape?, overrides: [String: String] = [:]
    ) -> [(key: String, value: String)] {
        var out: [(key: String, value: String)] = []
        if let preprocess = overrides[preprocessKey] ?? source[preprocessKey]
            ?? (inputShape == Preprocess.digit.inputShape ? Preprocess.digit.jsonText : nil)
        {
            out.append((preprocessKey, preprocess))
        }
        if let classes = overrides[classesKey] ?? source[classesKey] { out.append((classesKey, classes)) }
        return out
    }

    /// The input shape of `graph` (its first input), or nil when it has none.
    static func inputShape(of graph: Graph) -> Shape? { graph.inputs.first?.type.shape }
}
