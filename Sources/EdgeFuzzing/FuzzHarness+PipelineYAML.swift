import EdgePipeline
import Foundation

extension FuzzHarness {
    /// Pipeline file bytes as `PipelineConfig.load(contentsOf:)` treats them: UTF-8 text, then
    /// `PipelineConfig.parse(yaml:file:)` (size, nesting and alias limits, Yams, validation);
    /// a config that loads is also rendered as the report's JSON.
    public static func pipelineYAML(_ data: UnsafeRawBufferPointer) {
        guard data.count <= PipelineConfig.maximumYAMLBytes,
              let text = String(data: Data(data), encoding: .utf8) else { return }
        guard let config = try? PipelineConfig.parse(yaml: text, file: "fuzz.yaml", defaultName: "fuzz") else { return }
        _ = config.jsonValue
    }
}
