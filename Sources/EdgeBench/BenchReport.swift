import EdgeIO
import EdgePipeline
import EdgeRuntime
import Foundation

/// What `edge bench` reports: the machine, the inputs, and per requested variant either its
/// measurement or why it could not run (never left out).
public struct BenchReport: Sendable {
    /// A requested variant that was not measured, and why.
    public struct Unavailable: Sendable {
        public var variant: Variant
        public var model: String
        public var reason: String

        public init(variant: Variant, model: String, reason: String) {
            self.variant = variant
            self.model = model
            self.reason = reason
        }
    }

    /// One row, in the order the variants were requested.
    public enum Row: Sendable {
        case measured(BenchMeasurement)
        case unavailable(Unavailable)

        public var variant: Variant {
            switch self {
            case .measured(let m): m.variant
            case .unavailable(let u): u.variant
            }
        }
    }

    public static let schemaVersion = 1

    public var cpu: String
    public var kernels: String
    /// The integer kernel family the quantized variant runs (`vnni`, `avx2`, `portable`).
    public var int8Kernels: String
    public var build: String
    /// The timed thread's scheduling policy (``ThreadScheduling/current()``).
    public var scheduling: String
    /// Whether the process's memory was locked (`--realtime`).
    public var memoryLocked: Bool
    /// The share of all CPUs' time the hypervisor stole while the calls were timed (nil where
    /// the OS does not say): a tail that no scheduling inside the guest can remove.
    public var hostStealShare: Double?
    /// ISO 8601, UTC.
    public var startedAt: String
    public var options: BenchOptions
    public var inputs: (kind: String, source: String, count: Int)
    public var rows: [Row]

    public init(
        cpu: String = HostInfo.cpuModel, kernels: String, int8Kernels: String = "portable",
        build: String = RunMetadata.currentBuild,
        scheduling: String = ThreadScheduling.current(), memoryLocked: Bool = ThreadScheduling.memoryLocked,
        startedAt: Date, options: BenchOptions, inputs: BenchInputs?, rows: [Row]
    ) {
        self.cpu = cpu
        self.kernels = kernels
        self.int8Kernels = int8Kernels
        self.build = build
        self.scheduling = scheduling
        self.memoryLocked = memoryLocked
        self.startedAt = Self.iso8601(startedAt)
        self.options = options
        self.inputs = inputs.map { ($0.kind, $0.source, $0.count) } ?? ("none", "", 0)
        self.rows = rows
    }

    /// Eager's p50, when eager was measured: the denominator of every `ratio_to_eager`.
    public var eagerP50Us: Double? {
        for case .measured(let m) in rows where m.variant == .eager { return m.p50Us }
        return nil
    }

    /// `p50_us / eager's p50_us`, or nil without an eager measurement.
    public func ratioToEager(_ measurement: BenchMeasurement) -> Double? {
        guard let eager = eagerP50Us, eager > 0 else { return nil }
        return measurement.p50Us / eager
    }

    /// The `--json` document (docs/bench.md).
    public var json: JSONValue {
        func number(_ v: Double) -> JSONValue { JSONValue.rounded(v, digits: 3) }
        let variants: [JSONValue] = rows.map { row in
            switch row {
            case .measured(let m):
                return .object(
                    [
                        ("variant", .string(m.variant.rawValue)), ("model", .string(m.model)),
                        ("iterations", .int(m.iterations)), ("mean_us", number(m.meanUs)), ("min_us", number(m.minUs)),
                        ("p50_us", number(m.p50Us)), ("p90_us", number(m.p90Us)), ("p99_us", number(m.p99Us)),
                        ("p999_us", number(m.p999Us)), ("max_us", number(m.maxUs)),
                        ("first_call_us", number(m.firstCallUs)), ("load_us", number(m.loadUs)),
                        ("throughput_per_s", number(m.throughputPerSecond)),
                        ("ratio_to_eager", JSONValue.rounded(ratioToEager(m), digits: 4)),
                        ("first_call_page_faults", .int(m.firstCall.pageFaults)),
                        ("page_faults", .int(m.timedCalls.pageFaults)),
                        ("involuntary_switches", .int(m.timedCalls.involuntarySwitches)),
                        ("voluntary_switches", .int(m.timedCalls.voluntarySwitches)),
                        ("switched_calls", .int(m.switchedCalls)),
                        ("p99_unswitched_us", JSONValue.rounded(m.unswitchedP99Us, digits: 3)),
                        ("p999_unswitched_us", JSONValue.rounded(m.unswitchedP999Us, digits: 3)),
                    ] + Self.layerFields(m))
            case .unavailable(let u):
                return .object([
                    ("variant", .string(u.variant.rawValue)), ("model", .string(u.model)),
                    ("error", .string(u.reason)),
                ])
            }
        }
        return .object([
            ("schema_version", .int(Self.schemaVersion)), ("cpu", .string(cpu)), ("kernels", .string(kernels)),
            ("int8_kernels", .string(int8Kernels)),
            ("build", .string(build)), ("scheduling", .string(scheduling)), ("memory_locked", .bool(memoryLocked)),
            ("host_steal_share", JSONValue.rounded(hostStealShare, digits: 4)), ("started_at", .string(startedAt)),
            ("iterations", .int(options.iterations)), ("warmup", .int(options.warmup)), ("block", .int(options.block)),
            (
                "inputs",
                .object([
                    ("kind", .string(inputs.kind)), ("source", .string(inputs.source)), ("count", .int(inputs.count)),
                ])
            ),
            ("variants", .array(variants)),
        ])
    }

    /// The human table: one row per requested variant, figures in µs.
    public var table: String {
        var lines = [
            "edge bench · \(cpu) · kernels \(kernels) (int8 \(int8Kernels)) · \(build) build · scheduling \(scheduling)"
                + (memoryLocked ? ", memory locked" : "")
                + (hostStealShare.map { String(format: " · host steal %.1f%%", $0 * 100) } ?? ""),
            "\(options.iterations) timed calls per variant in interleaved blocks of \(options.block), "
                + "\(options.warmup) warm-up calls excluded, single thread, batch 1; "
                + "inputs: \(inputs.count) \(inputs.kind) (\(inputs.source))",
            "",
        ]
        let header = [
            "variant", "mean", "min", "p50", "p90", "p99", "p99.9", "max", "first call", "calls/s", "×eager",
        ]
        var cells: [[String]] = [header]
        var notes: [String] = []
        for row in rows {
            switch row {
            case .measured(let m):
                func us(_ v: Double) -> String { String(format: v < 1000 ? "%.1f" : "%.0f", v) }
                cells.append([
                    m.variant.rawValue, us(m.meanUs), us(m.minUs), us(m.p50Us), us(m.p90Us), us(m.p99Us),
                    us(m.p999Us), us(m.maxUs), us(m.firstCallUs), String(format: "%.0f", m.throughputPerSecond),
                    ratioToEager(m).map { String(format: "%.2f", $0) } ?? "-",
                ])
                notes.append("\(m.variant): \(m.model)")
                notes.append("  " + Self.tailNote(m))
            case .unavailable(let u):
                cells.append([u.variant.rawValue, "not measured"] + Array(repeating: "", count: header.count - 2))
                notes.append("\(u.variant): \(u.reason)")
            }
        }
        let widths = header.indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
        for (index, row) in cells.enumerated() {
            var line = ""
            for (column, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                // Names left-aligned, figures right-aligned; "not measured" spills over.
                if column == 0 || (column == 1 && cell == "not measured") {
                    line += cell + pad
                } else if !(row.count > 1 && row[1] == "not measured" && column > 1) {
                    line += pad + cell
                }
                line += "  "
            }
            lines.append(String(line.reversed().drop(while: { $0 == " " }).reversed()))
            if index == 0 { lines.append("(µs)") }
        }
        lines.append("")
        lines += notes
        for case .measured(let m) in rows { lines += Self.layerTable(m) }
        return lines.joined(separator: "\n")
    }

    /// Who made the tail: how many timed calls the OS switched the thread out of, the p99.9 of
    /// the others, and the page faults after the first call.
    static func tailNote(_ m: BenchMeasurement) -> String {
        var note = "tail: p99.9 " + String(format: "%.2f", m.p50Us > 0 ? m.p999Us / m.p50Us : 0) + "× p50; "
        note += "the OS switched the thread out during \(m.switchedCalls) of \(m.iterations) calls"
        if let quiet = m.unswitchedP999Us, m.p50Us > 0 {
            note += String(format: " (p99.9 of the others %.1f µs = %.2f× p50)", quiet, quiet / m.p50Us)
        }
        note += "; \(m.timedCalls.pageFaults) page faults in timed calls, \(m.firstCall.pageFaults) in the first"
        return note
    }

    /// `layers` and `layers_p50_sum_us` of a profiled variant's JSON object (none otherwise).
    static func layerFields(_ m: BenchMeasurement) -> [(String, JSONValue)] {
        guard let layers = m.layers, let sum = m.layersP50SumUs else { return [] }
        let rows: [JSONValue] = layers.map { layer in
            .object([
                ("name", .string(layer.info.name)), ("op", .string(layer.info.op)),
                ("fused", .array(layer.info.fused.map(JSONValue.string))),
                ("shape", .array(layer.info.shape.dims.map(JSONValue.int))), ("flops", .int(layer.info.flops)),
                ("p50_us", JSONValue.rounded(layer.p50Us, digits: 3)),
                ("gflops", JSONValue.rounded(layer.gflops, digits: 2)),
                ("share", JSONValue.rounded(layer.share, digits: 4)),
            ])
        }
        return [("layers", .array(rows)), ("layers_p50_sum_us", JSONValue.rounded(sum, digits: 3))]
    }

    /// The per-layer table of a profiled variant (empty otherwise).
    static func layerTable(_ m: BenchMeasurement) -> [String] {
        guard let layers = m.layers, let sum = m.layersP50SumUs else { return [] }
        var cells = [["layer", "op", "shape", "MFLOP", "p50 µs", "GFLOP/s", "share"]]
        for layer in layers {
            cells.append([
                layer.info.name, layer.info.op,
                "[" + layer.info.shape.dims.map(String.init).joined(separator: ",") + "]",
                String(format: "%.3f", Double(layer.info.flops) / 1e6), String(format: "%.1f", layer.p50Us),
                layer.info.flops > 0 ? String(format: "%.1f", layer.gflops) : "-",
                String(format: "%.1f%%", layer.share * 100),
            ])
        }
        let widths = cells[0].indices.map { column in cells.map { $0[column].count }.max() ?? 0 }
        var lines = [
            "",
            "\(m.variant) layers: p50 of \(m.iterations) profiled calls; rows sum to "
                + String(format: "%.1f µs = %.2f× the whole-model p50", sum, m.p50Us > 0 ? sum / m.p50Us : 0),
        ]
        for row in cells {
            var line = ""
            for (column, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                line += column < 3 ? cell + pad : pad + cell
                line += "  "
            }
            lines.append(String(line.reversed().drop(while: { $0 == " " }).reversed()))
        }
        return lines
    }

    static func iso8601(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
