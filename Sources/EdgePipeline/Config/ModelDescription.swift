import EdgeIO
import EdgeImaging
import Yams

/// What a model file says about itself beyond its graph: the `edge.preprocess` and
/// `edge.classes` metadata (safetensors `__metadata__`, ONNX `metadata_props`), parsed.
///
/// - `edge.preprocess`: JSON (or YAML) text of a ``EdgeImaging/Preprocess`` mapping, e.g.
///   `{"mode":"resize","size":[32,32],"channels":"rgb","mean":[0.5,0.5,0.5],"std":[0.5,0.5,0.5],"resize":"bilinear"}`.
/// - `edge.classes`: a JSON list of class names, index = class, e.g. `["cat","dog"]`.
public struct ModelDescription: Sendable, Equatable {
    public static let preprocessKey = "edge.preprocess"
    public static let classesKey = "edge.classes"

    public var preprocess: Preprocess?
    public var classes: [String]?

    public init(preprocess: Preprocess? = nil, classes: [String]? = nil) {
        self.preprocess = preprocess
        self.classes = classes
    }

    /// Parses the two keys of `metadata` (others are ignored); `model` names the file in errors.
    /// - Throws: ``PipelineConfigError`` naming `<model>: edge.preprocess` or `edge.classes`.
    public init(metadata: [String: String], model: String) throws(PipelineConfigError) {
        if let text = metadata[Self.preprocessKey] {
            preprocess = try Preprocess.parse(yaml: text, file: "\(model): \(Self.preprocessKey)")
        }
        if let text = metadata[Self.classesKey] {
            classes = try Self.parseClasses(text, file: "\(model): \(Self.classesKey)")
        }
    }

    /// The metadata entries this description writes (JSON text), in key order.
    public var metadata: [(key: String, value: String)] {
        var out: [(key: String, value: String)] = []
        if let classes { out.append((Self.classesKey, Self.classesJSON(classes))) }
        if let preprocess { out.append((Self.preprocessKey, preprocess.jsonText)) }
        return out
    }

    /// `names` as a compact JSON list.
    public static func classesJSON(_ names: [String]) -> String {
        "[" + names.map { JSONValue.quoted($0) }.joined(separator: ",") + "]"
    }

    /// A list of class names from YAML/JSON text.
    static func parseClasses(_ text: String, file: String) throws(PipelineConfigError) -> [String] {
        let root = try compose(yaml: text, file: file)
        guard let seq = root.node?.sequence else { throw root.error("expected a JSON list of class names") }
        var names: [String] = []
        for item in seq { names.append(try ConfigNode(node: item, path: "", file: file).string()) }
        try checkClasses(names, file: file)
        return names
    }

    /// Refuses an empty list, an empty name or a name given twice.
    static func checkClasses(_ names: [String], file: String) throws(PipelineConfigError) {
        guard !names.isEmpty else { throw PipelineConfigError(file: file, keyPath: "", problem: "no class names") }
        var seen: Set<String> = []
        for name in names {
            let trimmed = name.trimmingSpaces
            guard !trimmed.isEmpty else {
                throw PipelineConfigError(file: file, keyPath: "", problem: "a class name is empty")
            }
            guard seen.insert(name).inserted else {
                throw PipelineConfigError(file: file, keyPath: "", problem: "class name '\(name)' appears twice")
            }
        }
    }

    /// Class names from a classes file: one name per line (blank lines skipped, surrounding
    /// spaces trimmed), or, when the text is one line with commas, a comma-separated list.
    /// - Throws: ``PipelineConfigError`` naming `file` when no name, an empty or repeated name.
    public static func classes(text: String, file: String) throws(PipelineConfigError) -> [String] {
        let lines = text.split(whereSeparator: \.isNewline).map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        let names =
            lines.count == 1 && lines[0].contains(",")
            ? lines[0].split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
            : lines
        try checkClasses(names, file: file)
        return names
    }

    /// The YAML root of `yaml`, with the pipeline files' limits.
    static func compose(yaml: String, file: String) throws(PipelineConfigError) -> ConfigNode {
        try PipelineConfig.checkLimits(yaml: yaml, file: file)
        do {
            return ConfigNode(node: try Yams.compose(yaml: yaml), path: "", file: file)
        } catch {
            let (line, problem) = PipelineConfig.describe(error)
            throw PipelineConfigError(file: file, keyPath: "", line: line, problem: problem)
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let first = s.first, first == " " || first == "\t" || first == "\r" { s.removeFirst() }
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s.removeLast() }
        return String(s)
    }
}
