import EdgeIO
import EdgeImaging
import EdgeRuntime
import Foundation
import Yams

extension PipelineConfig {
    /// Reads and validates the pipeline file at `path`.
    /// - Throws: ``PipelineConfigError`` naming `path`, the key path and the problem.
    public static func load(contentsOf path: String) throws(PipelineConfigError) -> PipelineConfig {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path, limit: maximumYAMLBytes)
        } catch {
            throw PipelineConfigError(file: path, keyPath: "", problem: error.problem)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PipelineConfigError(file: path, keyPath: "", problem: "not UTF-8 text")
        }
        var stem = FileSystem.fileName(of: path)
        if let dot = stem.lastIndex(of: "."), dot != stem.startIndex { stem = String(stem[..<dot]) }
        var config = try parse(yaml: text, file: path, defaultName: stem)
        config.file = path
        return config
    }

    /// Decodes and validates a pipeline definition from YAML text; `file` names it in errors.
    ///
    /// Text over `maximumYAMLBytes`, nested deeper than `maximumYAMLDepth` or with more than
    /// `maximumYAMLAliases` aliases is refused before it is parsed.
    /// - Throws: ``PipelineConfigError`` naming `file`, the key path and the problem.
    public static func parse(yaml: String, file: String, defaultName: String = "pipeline") throws(PipelineConfigError)
        -> PipelineConfig
    {
        try checkLimits(yaml: yaml, file: file)
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            let (line, problem) = Self.describe(error)
            throw PipelineConfigError(file: file, keyPath: "", line: line, problem: problem)
        }
        let root = ConfigNode(node: node, path: "", file: file)
        guard root.isPresent else { throw root.error("the file is empty") }
        try root.mapping(allowed: [
            "name", "source", "preprocess", "inference", "queues", "sink", "cost_model", "limits",
        ])

        let source = root.child("source")
        guard source.isPresent else { throw source.error("required key is missing") }
        let sourceType = source.child("type")
        let clockNode = source.child("clock")
        let parsedSource: SourceConfig
        switch try sourceType.string() {
        case "folder":
            try source.mapping(allowed: ["type", "path", "order", "loop", "rate", "clock"])
            parsedSource = .folder(
                FolderSourceConfig(
                    path: try source.child("path").string(),
                    order: try source.child("order").choice(FolderSourceConfig.Order.self, default: .name),
                    loop: try source.child("loop").int(default: 1, range: 1...Int.max),
                    rate: try rate(source.child("rate"), default: .max)))
        case "synthetic-camera":
            try source.mapping(allowed: [
                "type", "seed", "width", "height", "color", "digits", "images", "rate", "frames", "clock", "scene",
                "faults",
            ])
            var camera = CameraSourceConfig()
            camera.seed = UInt64(try source.child("seed").int(default: 1, range: 0...Int.max))
            camera.settings.width = try source.child("width").int(default: camera.settings.width, range: 28...4096)
            camera.settings.height = try source.child("height").int(default: camera.settings.height, range: 28...4096)
            camera.settings.format = try source.child("color")
                .choice(CameraSourceConfig.Color.self, default: .init(camera.settings.format)).format
            // `images` is any labelled 28x28 IDX set (samples/fashion); `digits` its older name.
            if source.child("images").isPresent && source.child("digits").isPresent {
                throw source.child("images").error("give images or digits (the same key), not both")
            }
            let imagesKey = source.child("images").isPresent ? "images" : "digits"
            camera.digits = try source.child(imagesKey).string(default: "samples/mnist")
            camera.rate = try rate(source.child("rate"), default: .fps(30))
            camera.frames = try source.child("frames").optionalInt(range: 1...Int.max)
            try scene(source.child("scene"), into: &camera.settings)
            camera.faults = try faults(source.child("faults"))
            parsedSource = .syntheticCamera(camera)
        case let other:
            throw sourceType.error("'\(other)' is not a source type; one of: folder, synthetic-camera")
        }

        var config = PipelineConfig(
            name: try root.child("name").string(default: defaultName), source: parsedSource)
        config.clock = try clockNode.choice(ClockMode.self, default: .real)

        let pre = try root.child("preprocess").mapping(allowed: ["batch"] + Preprocess.keys)
        config.preprocess.batch = try pre.child("batch").int(default: 16, range: 1...4096)
        config.preprocess.spec = try Preprocess.parse(pre)

        let inf = try root.child("inference").mapping(allowed: ["variant", "model", "workers", "batch"])
        config.inference.variant = try inf.child("variant").choice(Variant.self, default: .eager)
        config.inference.model = try inf.child("model").optionalString()
        config.inference.workers = try inf.child("workers").int(default: 1, range: 1...64)
        config.inference.batch = try inf.child("batch").int(default: 8, range: 1...4096)

        let queues = try root.child("queues").mapping(allowed: ["preprocess", "inference"])
        config.queues.preprocess = try queue(queues.child("preprocess"), default: config.queues.preprocess)
        config.queues.inference = try queue(queues.child("inference"), default: config.queues.inference)

        let sink = try root.child("sink").mapping(allowed: ["log", "warmup_frames", "log_batch"])
        let log = sink.child("log")
        if log.isPresent, case .scalar(let s)? = log.node, s.string == "false" || s.string == "off" {
            config.sink.logDirectory = nil
        } else {
            config.sink.logDirectory = try log.string(default: "logs")
        }
        config.sink.warmupFrames = try sink.child("warmup_frames").int(default: 20, range: 0...Int.max)
        config.sink.logBatch = try sink.child("log_batch").int(default: 256, range: 1...65536)

        let cost = try root.child("cost_model").mapping(allowed: [
            "source_us", "preprocess_us", "inference_us", "sink_us",
            "source_per_megapixel_us", "preprocess_per_megapixel_us",
        ])
        let us = 0.0...60_000_000.0
        config.costModel.sourceUs = try cost.child("source_us").double(default: config.costModel.sourceUs, range: us)
        config.costModel.preprocessUs = try cost.child("preprocess_us").double(
            default: config.costModel.preprocessUs, range: us)
        config.costModel.inferenceUs = try cost.child("inference_us").double(
            default: config.costModel.inferenceUs, range: us)
        config.costModel.sinkUs = try cost.child("sink_us").double(default: config.costModel.sinkUs, range: us)
        config.costModel.sourcePerMegapixelUs = try cost.child("source_per_megapixel_us").double(
            default: config.costModel.sourcePerMegapixelUs, range: us)
        config.costModel.preprocessPerMegapixelUs = try cost.child("preprocess_per_megapixel_us").double(
            default: config.costModel.preprocessPerMegapixelUs, range: us)

        let limits = try root.child("limits").mapping(allowed: ["frames", "seconds"])
        config.limits.frames = try limits.child("frames").optionalInt(range: 1...Int.max)
        config.limits.seconds = try limits.child("seconds").optionalDouble(range: 0.001...1e9)
        return config
    }

    /// The line and a one-line reason for a YAML parser error (libyaml's own words, which name
    /// what it expected; a repeated key names the key).
    static func describe(_ error: any Error) -> (line: Int?, problem: String) {
        guard let yaml = error as? YamlError else { return (nil, "not valid YAML") }
        func reason(_ context: YamlError.Context?, _ problem: String) -> String {
            let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            return "not valid YAML: " + text.split(whereSeparator: \.isNewline).joined(separator: " ")
        }
        switch yaml {
        case .scanner(let context, let problem, let mark, _): return (mark.line, reason(context, problem))
        case .parser(let context, let problem, let mark, _): return (mark.line, reason(context, problem))
        case .composer(let context, let problem, let mark, _): return (mark.line, reason(context, problem))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return (context.mark.line, "key \(keys) appears twice in the mapping that starts on this line")
        case .reader(let problem, _, _, _): return (nil, "not valid YAML: \(problem)")
        default: return (nil, "not valid YAML")
        }
    }

    private static func rate(_ node: ConfigNode, default value: FrameRate) throws(PipelineConfigError) -> FrameRate {
        guard node.isPresent else { return value }
        if case .scalar(let s)? = node.node, s.string == "max" { return .max }
        guard node.isNumber, case .scalar(let scalar)? = node.node, let fps = Double(scalar.string), fps.isFinite else {
            throw node.error(
                "expected 'max' or frames per second (a number), got '\((try? node.string()) ?? "a non-scalar")'")
        }
        guard fps >= 0.001 && fps <= 1_000_000 else {
            throw node.error("frame rate \(fps) must be 0.001...1000000 frames per second")
        }
        return .fps(fps)
    }

    private static func queue(_ node: ConfigNode, default value: QueueConfig) throws(PipelineConfigError) -> QueueConfig
    {
        try node.mapping(allowed: ["capacity", "policy"])
        return QueueConfig(
            capacity: try node.child("capacity").int(default: value.capacity, range: 1...65536),
            policy: try node.child("policy").choice(QueuePolicy.self, default: value.policy))
    }

    private static func scene(_ node: ConfigNode, into s: inout SyntheticCamera.Settings) throws(PipelineConfigError) {
        try node.mapping(allowed: [
            "scale", "rotation_degrees", "illumination", "noise", "blur", "exposure_drift", "dark_on_light",
        ])
        s.scale = try node.child("scale").interval(default: s.scale, range: 0.1...1.0)
        s.rotationDegrees = try node.child("rotation_degrees").double(default: s.rotationDegrees, range: 0...45)
        s.illumination = try node.child("illumination").double(default: s.illumination, range: 0...1)
        s.noise = try node.child("noise").double(default: s.noise, range: 0...64)
        s.blur = try node.child("blur").double(default: s.blur, range: 0...5)
        s.exposureDrift = try node.child("exposure_drift").double(default: s.exposureDrift, range: 0...0.9)
        s.darkOnLight = try node.child("dark_on_light").bool(default: s.darkOnLight)
    }

    private static func faults(_ node: ConfigNode) throws(PipelineConfigError) -> FaultConfig {
        try node.mapping(allowed: ["drop", "corrupt", "stall", "stall_ms"])
        var f = FaultConfig()
        f.drop = try node.child("drop").double(default: 0, range: 0...1)
        f.corrupt = try node.child("corrupt").double(default: 0, range: 0...1)
        f.stall = try node.child("stall").double(default: 0, range: 0...1)
        f.stallMs = try node.child("stall_ms").double(default: f.stallMs, range: 0...60_000)
        if f.drop + f.corrupt > 1 {
            throw node.child("corrupt").error("drop + corrupt rates add up to more than 1")
        }
        return f
    }
}
