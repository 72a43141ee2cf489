import EdgePipeline
import Foundation
import Yams

extension FuzzHarness {
    /// Pipeline file bytes as `PipelineConfig.load(contentsOf:)` treats them: UTF-8 text, then
    /// `PipelineConfig.parse(yaml:file:)` (size, nesting and alias limits, Yams, validation);
    /// a config that loads is also rendered as the report's JSON. Text within the limits is
    /// also composed by Yams directly, to check that the nesting bound (`YAMLTextScan`) is one.
    public static func pipelineYAML(_ data: UnsafeRawBufferPointer) {
        guard data.count <= PipelineConfig.maximumYAMLBytes,
            let text = String(data: Data(data), encoding: .utf8)
        else { return }
        if let config = try? PipelineConfig.parse(yaml: text, file: "fuzz.yaml", defaultName: "fuzz") {
            _ = config.jsonValue
        }
        let scan = YAMLTextScan(text)
        guard scan.depth <= PipelineConfig.maximumYAMLDepth, scan.aliases <= PipelineConfig.maximumYAMLAliases,
            let node = try? Yams.compose(yaml: text)
        else { return }
        let depth = nesting(of: node)
        precondition(depth <= scan.depth, "YAML nests \(depth) deep, over the text bound \(scan.depth)")
    }

    /// Collections enclosing the deepest node, `node` included (0 for a scalar).
    private static func nesting(of node: Node) -> Int {
        switch node {
        case .scalar, .alias: 0
        case .mapping(let mapping): 1 + mapping.reduce(0) { max($0, nesting(of: $1.key), nesting(of: $1.value)) }
        case .sequence(let sequence): 1 + sequence.reduce(0) { max($0, nesting(of: $1)) }
        }
    }
}
