import Foundation
import Testing

@Suite("edge estimate")
struct EstimateCommandTests {
    @Test("JSON for one device and for all; an unknown device or model is one line, exit 1")
    func estimate() throws {
        let one = try EdgeProcess.run([
            "estimate", "--model", Repository.root + "/models/foreign/resnet8.onnx", "--device",
            "nucleo-h7a3zi-xcubeai", "--devices", Repository.root + "/devices", "--json",
        ])
        #expect(one.status == 0, "\(one)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any])
        #expect(object["macs"] as? Int == 12_501_632 && object["fits"] as? Bool == true)
        let latency = try #require(object["latency_ms"] as? Double)
        #expect(abs(latency / 40.8 - 1) < 0.01)
        #expect((object["layers"] as? [[String: Any]])?.isEmpty == false)

        let all = try EdgeProcess.run([
            "estimate", "--model", Repository.root + "/models/edge_model.onnx", "--device", "all", "--devices",
            Repository.root + "/devices", "--json",
        ])
        #expect(all.status == 0, "\(all)")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]])
        #expect(array.count >= 14 && array.allSatisfy { $0["macs"] as? Int == 4_090_144 })

        let unknown = try EdgeProcess.run(["estimate", "--device", "nope", "--devices", Repository.root + "/devices"])
        #expect(
            unknown.status == 1 && unknown.stderrLines.count == 1 && unknown.stderr.contains("known:"), "\(unknown)")
        let missing = try EdgeProcess.run([
            "estimate", "--model", "/nonexistent.onnx", "--device", "nucleo-l4r5zi-tflm", "--devices",
            Repository.root + "/devices",
        ])
        #expect(missing.status == 1 && missing.stderrLines.count == 1 && missing.stderr.contains("/nonexistent.onnx"))
    }
}
