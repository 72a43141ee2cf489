import ArgumentParser
import EdgeDeployment
import EdgeGraph
import EdgeIO
import EdgePipeline
import EdgeRuntime
import Foundation

/// `edge estimate`: what a model will do on a target board, from its device profile
/// (docs/devices.md).
struct EstimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Predict a model's latency, energy and memory fit on a target device from its profile.",
        discussion: """
            Each layer of the frozen graph is charged its MACs times the profile's cycles per MAC \
            for its op class (dense conv, depthwise, pointwise, fully connected), or its output \
            elements times the cycles per element, plus the per-layer overhead; the clock turns \
            cycles into time, the active power time into energy. Weights at the profile's \
            precision are compared with its flash, the peak live activations with its RAM. \
            Profiles are devices/NAME.yaml; every number there names its source.
            """
    )

    @Option(name: .long, help: "Model file (.onnx or .safetensors).")
    var model = "models/edge_model.onnx"

    @Option(name: .long, help: "Device profile name (a file devices/NAME.yaml), or 'all'.")
    var device: String

    @Option(name: .long, help: "Folder of the device profiles.")
    var devices = DeviceProfile.defaultDirectory

    @Flag(help: "Also list every layer (always in the JSON).")
    var layers = false

    @Flag(help: "Print the estimates as JSON on stdout (one object, or an array with --device all).")
    var json = false

    func run() throws {
        let graph: Graph
        do throws(DeploymentError) { graph = try Deployment.read(model).graph } catch {
            throw CommandError(error.description)
        }
        let names: [String]
        do { names = device == "all" ? try DeviceProfile.names(directory: devices) : [device] } catch {
            throw CommandError(error.description)
        }
        guard !names.isEmpty else { throw CommandError("\(devices): no device profiles (*.yaml)") }
        var estimates: [DeviceEstimate] = []
        for name in names {
            let profile: DeviceProfile
            do throws(PipelineConfigError) { profile = try DeviceProfile.named(name, directory: devices) } catch {
                throw CommandError(error.description)
            }
            do throws(EngineError) {
                estimates.append(try DeviceEstimate.estimate(graph, model: model, on: profile))
            } catch {
                throw CommandError("\(model): \(error)")
            }
        }
        if json {
            let value = device == "all" ? JSONValue.array(estimates.map(\.json)) : estimates[0].json
            print(value.serialized(pretty: true))
            return
        }
        print(Self.table(estimates, model: model))
        if layers { for estimate in estimates { print(Self.layerTable(estimate)) } }
    }

    static func bytes(_ n: Int?) -> String {
        guard let n else { return "?" }
        return n >= 1 << 20
            ? String(format: "%.1f MiB", Double(n) / 1_048_576) : String(format: "%.1f KiB", Double(n) / 1024)
    }

    static func table(_ estimates: [DeviceEstimate], model: String) -> String {
        var rows = [["device", "MACs", "latency ms", "energy µJ", "weights / flash", "activations / RAM", "fits"]]
        for e in estimates {
            rows.append([
                e.device, String(e.macs), String(format: "%.3f", e.latencyMilliseconds),
                e.energyMicrojoules.map { String(format: "%.1f", $0) } ?? "-",
                "\(bytes(e.weightBytes)) / \(bytes(e.flashBytes))",
                "\(bytes(e.activationBytes)) / \(bytes(e.ramBytes))",
                e.fits.map { $0 ? "yes" : "NO" } ?? "?",
            ])
        }
        return "edge estimate · \(model)\n" + align(rows)
    }

    static func layerTable(_ e: DeviceEstimate) -> String {
        var rows = [["layer", "op", "class", "MACs", "cycles", "ms"]]
        for l in e.layers where l.opClass != .view {
            rows.append([
                l.name, l.op, l.opClass.rawValue, String(l.macs), String(format: "%.0f", l.cycles),
                String(format: "%.4f", l.milliseconds),
            ])
        }
        return "\n\(e.device) layers\n" + align(rows)
    }

    static func align(_ rows: [[String]]) -> String {
        let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
