import ArgumentParser
import EdgeBench
import EdgeDeployment
import Foundation
import Testing

@testable import EdgeCLI

@Suite("edge bench")
struct BenchCommandTests {
    @Test(
        "eager and frozen are measured on the test digits; a variant that cannot run the model is a row with the reason"
    )
    func measuresAndReports() throws {
        let report = try BenchCommand.parse([
            "--model", Repository.model, "--data", Repository.root + "/samples/mnist", "--iterations", "30",
            "--warmup", "2", "--block", "10",
        ]).measure()
        #expect(report.rows.map(\.variant) == [.eager, .frozen, .quantized])
        guard case .measured(let eager) = report.rows[0] else {
            Issue.record("eager not measured: \(report.rows[0])")
            return
        }
        #expect(eager.iterations == 30 && eager.p50Us > 0 && eager.firstCallUs > 0)
        #expect(report.inputs.kind == "mnist-test" && report.inputs.count == 1000)
        guard case .measured(let frozen) = report.rows[1] else {
            Issue.record("frozen not measured: \(report.rows[1])")
            return
        }
        #expect(frozen.iterations == 30 && frozen.p50Us > 0)
        // A float model is not a quantized one: that row says so instead of a measurement.
        guard case .unavailable(let reason) = report.rows[2] else {
            Issue.record("quantized ran a float model: \(report.rows[2])")
            return
        }
        #expect(reason.reason.contains("not a quantized model (no QuantizeLinear)"))
        #expect(report.ratioToEager(eager) == 1)
    }

    @Test("--variants takes a comma list of known, distinct variants")
    func variantList() throws {
        #expect(try BenchCommand.parse(["--variants", "frozen,eager"]).requestedVariants() == [.frozen, .eager])
        for (arguments, message) in [
            (["--variants", "eager,eager"], "--variants: eager is listed twice"),
            (["--variants", "fast"], "--variants: 'fast' is not a variant (eager, frozen, quantized)"),
            (["--iterations", "0"], "--iterations must be 1...10000000 (got 0)"),
            (["--block", "-1"], "--block must be 1...1000000 (got -1)"),
        ] {
            #expect(throws: (any Error).self, "\(arguments)") { try BenchCommand.parse(arguments) }
            do {
                _ = try BenchCommand.parse(arguments)
            } catch {
                #expect(BenchCommand.message(for: error) == message)
            }
        }
    }

    @Test("a model that cannot load is reported, and with nothing measured the command fails in one line")
    func nothingRuns() throws {
        let command = try BenchCommand.parse(["--variants", "eager", "--model", "/nonexistent/m.safetensors"])
        let report = try command.measure()
        guard case .unavailable(let reason) = report.rows[0] else {
            Issue.record("a missing model was measured")
            return
        }
        #expect(reason.reason.hasPrefix("/nonexistent/m.safetensors: eager model not found"))
        #expect(throws: CommandError.self) { try command.run() }
    }
}
