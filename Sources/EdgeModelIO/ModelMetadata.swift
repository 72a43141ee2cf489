import EdgeGraph

/// A model file's string metadata: safetensors `__metadata__`, ONNX `metadata_props`. EdgeLoop
/// keeps `edge.preprocess` and `edge.classes` there (docs/preprocess.md), so they travel with
/// the file and other tools leave them alone.
public enum ModelMetadata {
    /// The metadata of the model file `bytes` (`path`'s extension names the format); for ONNX
    /// a key given twice keeps its last value.
    /// - Throws: `ModelFileError` naming `path` when the bytes are not a model of that format.
    public static func read(bytes: [UInt8], path: String) throws(ModelFileError) -> [String: String] {
        switch try ModelFile.format(of: path) {
        case .safetensors:
            do {
                return try SafetensorsFile(bytes: bytes).metadata
            } catch {
                throw ModelFileError(path: path, problem: error.description)
            }
        case .onnx:
            var out: [String: String] = [:]
            for (key, value) in try ONNXReader.metadata(bytes: bytes, path: path) { out[key] = value }
            return out
        }
    }

    /// `bytes` with `entries` set in the metadata (a key already there gets the new value in
    /// its place; new keys are appended in the given order); tensors and graph unchanged.
    /// - Throws: `ModelFileError` naming `path` when the bytes are not a model of that format.
    public static func setting(
        _ entries: [(key: String, value: String)], in bytes: [UInt8], path: String
    ) throws(ModelFileError) -> [UInt8] {
        switch try ModelFile.format(of: path) {
        case .safetensors:
            var file: SafetensorsFile
            do {
                file = try SafetensorsFile(bytes: bytes)
            } catch {
                throw ModelFileError(path: path, problem: error.description)
            }
            for (key, value) in entries { file.metadata[key] = value }
            return file.serialized()
        case .onnx:
            return try ONNXWriter.settingMetadata(entries, in: bytes, path: path)
        }
    }

    /// `base` with `entries` merged in (a key already there takes the new value in place).
    public static func merged(
        _ base: [(key: String, value: String)], with entries: [(key: String, value: String)]
    ) -> [(key: String, value: String)] {
        var out = base
        for entry in entries {
            if let index = out.firstIndex(where: { $0.key == entry.key }) {
                out[index].value = entry.value
            } else {
                out.append(entry)
            }
        }
        return out
    }
}
