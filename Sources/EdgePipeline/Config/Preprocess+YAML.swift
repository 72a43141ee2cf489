import EdgeIO
import EdgeImaging
import Yams

extension Preprocess {
    /// The keys of a preprocessing description (a `--preprocess` file, a pipeline's
    /// `preprocess:` section besides `batch`, a model's `edge.preprocess`).
    public static let keys = ["mode", "size", "channels", "mean", "std", "resize"]

    /// Reads the `--preprocess FILE.yaml` file at `path`: a mapping of ``keys``.
    /// - Throws: ``PipelineConfigError`` naming the file, the key and the problem.
    public static func load(contentsOf path: String) throws(PipelineConfigError) -> Preprocess {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path, limit: 1 << 16)
        } catch {
            throw PipelineConfigError(file: path, keyPath: "", problem: error.problem)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PipelineConfigError(file: path, keyPath: "", problem: "not UTF-8 text")
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses YAML (or JSON, which is YAML) text holding a mapping of ``keys``; `file` names the
    /// text in errors (a model's metadata is named `<model>: edge.preprocess`).
    /// - Throws: ``PipelineConfigError`` naming `file`, the key and the problem.
    public static func parse(yaml: String, file: String) throws(PipelineConfigError) -> Preprocess {
        let root = try ModelDescription.compose(yaml: yaml, file: file)
        guard root.isPresent else { throw root.error("empty; expected a mapping of \(keys.joined(separator: ", "))") }
        try root.mapping(allowed: keys)
        guard let spec = try parse(root) else { throw root.child("mode").error("required key is missing") }
        return spec
    }

    /// The description in `node` (a mapping already checked to hold only ``keys`` and maybe
    /// others), or nil when it names none of ``keys``. `mode` is required when any other is given.
    static func parse(_ node: ConfigNode) throws(PipelineConfigError) -> Preprocess? {
        guard keys.contains(where: { node.child($0).isPresent }) else { return nil }
        let mode = try node.child("mode").choice(Mode.self)
        let digit = Preprocess.digit
        let channels = try node.child("channels").choice(Channels.self, default: .gray)
        var size = (digit.height, digit.width)
        let sizeNode = node.child("size")
        if sizeNode.isPresent {
            guard let seq = sizeNode.node?.sequence, seq.count == 2 else { throw sizeNode.error("expected [H, W]") }
            let items = seq.map { ConfigNode(node: $0, path: sizeNode.path, file: sizeNode.file) }
            size = (
                try items[0].int(range: 1...maximumSide), try items[1].int(range: 1...maximumSide)
            )
        } else if mode == .resize {
            throw sizeNode.error("required key is missing in resize mode; e.g. size: [32, 32]")
        }
        func values(_ key: String, default value: [Float]?) throws(PipelineConfigError) -> [Float] {
            let child = node.child(key)
            guard child.isPresent else {
                if let value { return value }
                throw child.error("required key is missing; one number per channel (\(channels.count))")
            }
            if let seq = child.node?.sequence {
                var out: [Float] = []
                for item in seq {
                    out.append(Float(try ConfigNode(node: item, path: child.path, file: child.file).double()))
                }
                return out
            }
            return [Float(try child.double())]
        }
        let gray = channels == .gray
        let mean = try values("mean", default: mode == .digit ? digit.mean : (gray ? [0] : [0, 0, 0]))
        let std = try values("std", default: mode == .digit ? digit.std : (gray ? [1] : [1, 1, 1]))
        let resize = try node.child("resize").choice(Resize.self, default: mode == .digit ? .area : .bilinear)
        do {
            return try Preprocess(
                mode: mode, height: size.0, width: size.1, channels: channels, mean: mean, std: std, resize: resize)
        } catch {
            throw node.child(error.key).error(error.problem)
        }
    }
}
