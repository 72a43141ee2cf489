/// One fuzz target: a product input format with its harness, entry point and corpus folder.
public enum FuzzTarget: String, Sendable, CaseIterable {
    /// PNG decode (`PNGCodec.info`, `PNGCodec.decode`) and `Preprocessor.process`.
    case png
    /// `SafetensorsFile(bytes:)`, then DigitCNN weights, graph and one eager prediction.
    case safetensors
    /// `PipelineConfig.parse(yaml:file:)`, with its size, nesting and alias limits.
    case pipelineYAML = "pipeline-yaml"
    /// `LabelsFile(text:path:)`, the one `labels.csv` parser.
    case labelsCSV = "labels-csv"
    /// `ONNXReader.graph(bytes:path:)`, then validation, types, cost and one eager prediction.
    case onnx

    /// The executable in `EdgeLoopFuzz/Package.swift` that wraps this target's harness.
    public var executableName: String {
        switch self {
        case .png: "FuzzPNG"
        case .safetensors: "FuzzSafetensors"
        case .pipelineYAML: "FuzzPipelineYAML"
        case .labelsCSV: "FuzzLabelsCSV"
        case .onnx: "FuzzONNX"
        }
    }
}
