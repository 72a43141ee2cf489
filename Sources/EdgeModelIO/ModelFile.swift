import EdgeGraph

/// Loads model files of any supported format into a validated graph.
public enum ModelFile {
    /// The file formats EdgeLoop reads, by extension.
    public enum Format: String, Sendable, CaseIterable {
        /// DigitCNN weights with PyTorch `state_dict` names.
        case safetensors
        /// A self-contained ONNX graph.
        case onnx

        /// The format of `path`, from its extension (case-insensitive), or nil.
        public init?(path: String) {
            guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
            self.init(rawValue: path[path.index(after: dot)...].lowercased())
        }
    }

    /// The graph stored in `path`, validated: a `.safetensors` file becomes the DigitCNN graph
    /// (batch 1) holding its weights; an `.onnx` file is read by ``ONNXReader``.
    /// - Throws: `ModelFileError` naming `path` and the problem: unreadable, unknown format,
    ///   malformed file, weights that are not DigitCNN's, or an invalid graph.
    public static func loadGraph(contentsOf path: String) throws(ModelFileError) -> Graph {
        _ = try format(of: path)
        return try loadGraph(bytes: try readBytes(contentsOf: path), path: path)
    }

    /// The format of `path`, checked before reading so an unsupported file fails fast.
    /// - Throws: `ModelFileError` for an unknown extension.
    public static func format(of path: String) throws(ModelFileError) -> Format {
        switch Format(path: path) {
        case .safetensors: return .safetensors
        case .onnx: return .onnx
        case nil:
            let known = Format.allCases.map { "." + $0.rawValue }.joined(separator: " or ")
            throw ModelFileError(path: path, problem: "unknown model format (expected \(known))")
        }
    }

    /// The whole file at `path` (at most 512 MiB).
    /// - Throws: `ModelFileError` naming `path` when it cannot be read.
    public static func readBytes(contentsOf path: String) throws(ModelFileError) -> [UInt8] {
        try FileIO.read(path)
    }

    /// The graph stored in `bytes`, the contents of the file `path` (whose extension names the
    /// format); see `loadGraph(contentsOf:)`.
    /// - Throws: `ModelFileError` naming `path` and the problem.
    public static func loadGraph(bytes: [UInt8], path: String) throws(ModelFileError) -> Graph {
        let graph: Graph
        switch try format(of: path) {
        case .safetensors:
            do {
                graph = DigitCNN.graph(weights: try DigitCNNWeights(safetensors: SafetensorsFile(bytes: bytes)))
            } catch {
                throw ModelFileError(path: path, problem: error.description)
            }
        case .onnx:
            graph = try ONNXReader.graph(bytes: bytes, path: path)
        }
        do {
            try graph.validate()
        } catch {
            throw ModelFileError(path: path, problem: error.description)
        }
        return graph
    }
}
