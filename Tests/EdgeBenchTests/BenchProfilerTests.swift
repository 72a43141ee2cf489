import EdgeGraph
import EdgeRuntime
import EdgeTensor
import Foundation
import Testing

@testable import EdgeBench

@Suite("edge bench --profile")
struct BenchProfilerTests {
    static func subject(_ variant: Variant) throws -> BenchSubject {
        let graph = DigitCNN.graph(weights: DigitCNNWeights(seed: 3))
        let compiled: any CompiledModel =
            variant == .eager ? try EagerModel(graph: graph) : try FrozenModel(graph: graph)
        return BenchSubject(variant: variant, model: "seeded", compiled: compiled, loadMicroseconds: 1)
    }

    @Test("the frozen profile has one row per plan step, naming what it fused, with every FLOP counted once")
    func frozen() throws {
        let inputs = BenchInputs.random(shape: [1, 1, 28, 28], count: 3, seed: 1)
        let layers = try #require(
            try BenchProfiler.profile(
                Self.subject(.frozen), inputs: inputs, options: BenchOptions(iterations: 5, warmup: 1, block: 5)))
        #expect(layers.map(\.info.name) == ["conv1+relu1+pool1", "conv2+relu2+pool2", "fc1+relu3", "fc2"])
        #expect(layers[0].info.fused == ["conv1", "relu1", "pool1"] && layers[0].info.op == "Conv+Relu+MaxPool")
        #expect(layers[0].info.shape == [1, 32, 14, 14])
        #expect(layers[1].info.shape == [1, 64, 7, 7] && layers[1].info.fused == ["conv2", "relu2", "pool2"])
        let graphFlops = try DigitCNN.graph(weights: DigitCNNWeights(seed: 3)).frozen().graph.cost().flops
        #expect(layers.reduce(0) { $0 + $1.info.flops } == graphFlops)
        #expect(layers[1].info.flops == 7_225_344)
        #expect(layers.allSatisfy { $0.p50Us > 0 })
        #expect(abs(layers.reduce(0) { $0 + $1.share } - 1) < 1e-9)
    }

    @Test("the eager profile has one row per node, and the JSON and table carry the layers")
    func eagerAndReport() throws {
        let inputs = BenchInputs.random(shape: [1, 1, 28, 28], count: 2, seed: 2)
        let options = BenchOptions(iterations: 4, warmup: 1, block: 4)
        let subject = try Self.subject(.eager)
        var measurement = try #require(try BenchRunner.run([subject], inputs: inputs, options: options).first)
        measurement.layers = try BenchProfiler.profile(subject, inputs: inputs, options: options)
        #expect(measurement.layers?.count == 12)
        #expect(measurement.layers?.map(\.info.op).prefix(3) == ["Conv", "BatchNormalization", "Relu"])
        let report = BenchReport(
            kernels: "x", startedAt: Date(), options: options, inputs: inputs, rows: [.measured(measurement)])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(report.json.serialized().utf8)) as? [String: Any])
        let variant = try #require((object["variants"] as? [[String: Any]])?.first)
        let rows = try #require(variant["layers"] as? [[String: Any]])
        #expect(rows.count == 12)
        #expect(Set(rows[0].keys) == ["name", "op", "fused", "shape", "flops", "p50_us", "gflops", "share"])
        #expect(variant["layers_p50_sum_us"] is Double)
        #expect(report.table.contains("eager layers: p50 of 4 profiled calls"))
        #expect(report.table.contains("conv2    Conv"))
    }
}
