import EdgeGraph
import EdgeIO
import EdgeRuntime
import EdgeTensor
import Foundation
import Testing

@testable import EdgeModelIO

/// ONNX's node tests for every operator we import or fold, from two sources: Debian's
/// `libonnx-testdata` (ONNX 1.12) and the pinned onnx wheel's case generators (written to
/// `.build-onnx-node/node` by `scripts/make_onnx_node_tests.sh`). Each case's inputs but the
/// first (and a non-float first) become initializers; `_expanded` cases (function bodies) are
/// skipped. A case either passes within ONNX's tolerance (`|a − b| ≤ 1e-7 + 1e-3·|b|`, integers
/// exactly) or is refused at load or compile with an error; a wrong result fails the test.
/// Outputs that import folds to constants are compared as they are; the rest run on every
/// engine in ``engines``.
enum Conformance {
    /// One place node tests come from.
    struct Source: Sendable {
        var name: String
        var root: String
        /// How to provide it, for the skip and failure messages.
        var hint: String
        var installed: Bool { FileSystem.kind(of: root) == .directory }
    }

    static let packageRoot = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
    static let libonnx = Source(
        name: "libonnx-testdata (ONNX 1.12)", root: "/usr/share/libonnx-testdata/data/node",
        hint: "apt-get install libonnx-testdata")
    static let wheel = Source(
        name: "onnx 1.23.2 wheel", root: packageRoot + "/.build-onnx-node/node",
        hint: "make .venv-peers (scripts/requirements-peers.txt), then scripts/make_onnx_node_tests.sh")
    static let sources = [libonnx, wheel]
    static var underCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// An engine under test: prepares a graph once, then runs named float inputs. The frozen
    /// engine joins as one more entry.
    typealias Engine = (
        name: String, prepare: @Sendable (Graph) throws -> ([String: Tensor<Float>]) throws -> [String: Tensor<Float>]
    )
    static let engines: [Engine] = [
        (
            "eager",
            { graph in
                let interpreter = try EagerInterpreter(graph: graph)
                return { inputs in try interpreter.run(inputs) }
            }
        ),
        (
            "frozen",
            { graph in
                let plan = try FrozenPlan(graph: graph)
                return { inputs in try plan.run(inputs) }
            }
        ),
    ]

    /// The operators `ONNXReader` imports or folds (keep in step with
    /// scripts/make_onnx_node_tests.sh; docs/onnx.md lists their counts).
    static let operators: Set<String> = [
        "Conv", "BatchNormalization", "Relu", "MaxPool", "AveragePool", "GlobalAveragePool", "Flatten", "Reshape",
        "Gemm", "MatMul", "Add", "Mul", "Softmax", "Identity", "Dropout", "Constant", "Clip", "LeakyRelu", "Sigmoid",
        "HardSigmoid", "HardSwish", "Pad",
        "Concat", "Transpose", "Shape", "Gather", "Unsqueeze", "Squeeze", "Cast", "Slice", "ConstantOfShape",
        "QuantizeLinear", "DequantizeLinear",
        // Not imported: the int8 engine reads QDQ graphs. Listed so that their refusal is checked.
        "QLinearConv", "QLinearMatMul",
    ]

    /// A QLinearConv/QLinearMatMul case refused in one line: the operator, or its opset.
    static func refusedQLinear(_ c: Case) -> Bool {
        guard case .refused(let why) = c.outcome else { return false }
        return why == "model.onnx: node \(c.op)_0 (\(c.op)): operator \(c.op) is not supported"
            || (why.hasPrefix("model.onnx: opset ") && why.hasSuffix("is not supported (we import opsets 11–21)"))
    }

    enum Outcome: Equatable {
        case passed
        case refused(String)
        case failed(String)
    }

    struct Case {
        var name: String
        var op: String
        var engine: String
        var outcome: Outcome
    }

    /// Runs every single-node case of `source` whose operator we import, on every engine.
    static func run(_ source: Source) throws -> [Case] {
        var cases: [Case] = []
        for name in try FileSystem.listDirectory(source.root).names.sorted() where !name.contains("_expanded") {
            let directory = source.root + "/" + name
            guard let bytes = try? FileSystem.read(directory + "/model.onnx"),
                let model = try? Onnx_ModelProto(serializedBytes: bytes), model.graph.node.count == 1
            else { continue }
            let op = model.graph.node[0].opType
            guard operators.contains(op) else { continue }
            for engine in engines {
                cases.append(
                    Case(name: name, op: op, engine: engine.name, outcome: runCase(directory, model, engine)))
            }
        }
        return cases
    }

    static func runCase(_ directory: String, _ model: Onnx_ModelProto, _ engine: Engine) -> Outcome {
        let set = directory + "/test_data_set_0"
        var model = model
        var inputs: [(String, TensorData)] = []
        do {
            for (index, info) in model.graph.input.enumerated() {
                let path = set + "/input_\(index).pb"
                guard FileSystem.kind(of: path) != nil else { break }
                inputs.append((info.name, try ONNXReader.tensor(bytes: try FileSystem.read(path), path: path).data))
            }
        } catch {
            return .refused("\(error)")
        }
        // The first float input is fed at run time; everything else becomes an initializer.
        let fed = inputs.first.flatMap { $0.1.elementType == .float32 ? $0 : nil }
        for (name, data) in inputs where name != fed?.0 { model.graph.initializer.append(proto(name, data)) }
        model.graph.input = model.graph.input.filter { $0.name == fed?.0 }
        guard let bytes = try? model.serializedBytes() as [UInt8] else { return .failed("re-serialize") }
        let graph: Graph
        do {
            graph = try ModelFile.loadGraph(bytes: bytes, path: "model.onnx")
        } catch {
            return .refused("\(error)")
        }
        var expected: [TensorData] = []
        for index in graph.outputs.indices {
            let path = set + "/output_\(index).pb"
            do {
                expected.append(try ONNXReader.tensor(bytes: try FileSystem.read(path), path: path).data)
            } catch {
                return .refused("output \(index): \(error)")
            }
        }
        // Folded at import: compare the constants, no engine involved.
        if graph.outputs.allSatisfy({ graph.initializers[$0] != nil }) {
            for (name, want) in zip(graph.outputs, expected) {
                if let problem = mismatch(graph.initializers[name]!, want) {
                    return .failed("output \(name): \(problem)")
                }
            }
            return .passed
        }
        let outputs: [String: Tensor<Float>]
        do {
            let run = try engine.prepare(graph)
            outputs = try run(fed.map { [$0.0: $0.1.floatTensor!] } ?? [:])
        } catch {
            return .refused("\(error)")
        }
        for (name, want) in zip(graph.outputs, expected) {
            guard let got = outputs[name] else { return .failed("no output \(name)") }
            if let problem = mismatch(engineOutput(got, like: want), want) {
                return .failed("output \(name): \(problem)")
            }
        }
        return .passed
    }

    /// An engine's float output in `want`'s element type: a QuantizeLinear's int8/uint8 result
    /// comes back as integers held in floats; a non-integral one stays float (and mismatches).
    static func engineOutput(_ got: Tensor<Float>, like want: TensorData) -> TensorData {
        let values = got.scalars
        switch want {
        case .int8:
            let q = values.compactMap { Int8(exactly: $0) }
            return q.count == values.count ? .int8(Tensor(shape: got.shape, scalars: q)) : .float32(got)
        case .uint8:
            let q = values.compactMap { UInt8(exactly: $0) }
            return q.count == values.count ? .uint8(Tensor(shape: got.shape, scalars: q)) : .float32(got)
        default: return .float32(got)
        }
    }

    /// Why `got` is not `want` within ONNX's tolerance, or nil when it is.
    static func mismatch(_ got: TensorData, _ want: TensorData) -> String? {
        guard got.type == want.type else { return "\(got.type), expected \(want.type)" }
        if let a = got.floatTensor?.scalars, let b = want.floatTensor?.scalars {
            for (x, y) in zip(a, b) where !(abs(x - y) <= 1e-7 + 1e-3 * abs(y) || (x.isNaN && y.isNaN) || x == y) {
                return "\(x) vs \(y)"
            }
            return nil
        }
        return got.integerValues == want.integerValues
            ? nil : "\(got.integerValues ?? []) vs \(want.integerValues ?? [])"
    }

    /// `data` as an initializer named `name` (typed fields, as ONNX writers do).
    static func proto(_ name: String, _ data: TensorData) -> Onnx_TensorProto {
        var proto = Onnx_TensorProto()
        proto.name = name
        proto.dims = data.shape.dims.map(Int64.init)
        func type(_ t: Onnx_TensorProto.DataType) -> Int32 { Int32(t.rawValue) }
        switch data {
        case .float32(let t):
            proto.dataType = type(.float)
            proto.floatData = t.scalars
        case .int64(_, let values):
            proto.dataType = type(.int64)
            proto.int64Data = values
        case .int32(let t):
            proto.dataType = type(.int32)
            proto.int32Data = t.scalars
        case .int8(let t):
            proto.dataType = type(.int8)
            proto.int32Data = t.scalars.map(Int32.init)
        case .uint8(let t):
            proto.dataType = type(.uint8)
            proto.int32Data = t.scalars.map(Int32.init)
        }
        return proto
    }

    /// Counts per operator and the refused cases' reasons, as docs/onnx.md shows them.
    static func report(_ source: Source, _ cases: [Case]) -> (table: String, counts: [String: (Int, Int, Int)]) {
        var counts: [String: (Int, Int, Int)] = [:]
        for c in cases {
            var n = counts["\(c.engine)/\(c.op)"] ?? (0, 0, 0)
            switch c.outcome {
            case .passed: n.0 += 1
            case .refused: n.1 += 1
            case .failed: n.2 += 1
            }
            counts["\(c.engine)/\(c.op)"] = n
        }
        var lines: [String] = []
        for engine in engines.map(\.name) {
            let mine = cases.filter { $0.engine == engine }
            let total = (
                mine.filter { $0.outcome == .passed }.count,
                mine.filter { if case .refused = $0.outcome { true } else { false } }.count,
                mine.filter { if case .failed = $0.outcome { true } else { false } }.count
            )
            lines.append("\(source.name), \(engine) engine (\(total.0) passed, \(total.1) refused, \(total.2) wrong):")
            lines.append("")
            lines.append("| operator | passed | refused |")
            lines.append("|---|---|---|")
            for op in Set(mine.map(\.op)).sorted() {
                let n = counts["\(engine)/\(op)"]!
                lines.append("| \(op) | \(n.0) | \(n.1) |")
            }
            lines.append("")
        }
        for c in cases {
            if case .refused(let why) = c.outcome { lines.append("refused \(c.engine) \(c.name): \(why)") }
        }
        return (lines.joined(separator: "\n"), counts)
    }

    /// Runs `source`, prints its report and records every wrong result; returns the cases.
    static func check(_ source: Source) throws -> [Case] {
        let cases = try run(source)
        for c in cases {
            if case .failed(let why) = c.outcome {
                Issue.record("\(source.name): \(c.name) (\(c.op), \(c.engine)) computed a wrong result: \(why)")
            }
        }
        print("ONNX node tests, " + report(source, cases).table)
        return cases
    }
}

@Suite("ONNX node conformance")
struct ONNXConformanceTests {
    @Test("under CI both node-test sources are present (.ci/run installs libonnx-testdata and generates the wheel's)")
    func installedUnderCI() {
        for source in Conformance.sources {
            if Conformance.underCI {
                #expect(source.installed, "\(source.name): \(source.root) is missing: \(source.hint)")
            } else if !source.installed {
                print("SKIPPED ONNX conformance (\(source.name)): \(source.root) missing (\(source.hint))")
            }
        }
    }

    @Test(
        "libonnx-testdata: every supported operator passes its node tests or refuses them clearly; none is wrong",
        .enabled(
            if: Conformance.libonnx.installed, "libonnx-testdata is not installed (apt-get install libonnx-testdata)"))
    func libonnxNodeTests() throws {
        let cases = try Conformance.check(Conformance.libonnx)
        // Whose every case in ONNX 1.12's data is refused on purpose: GlobalAveragePool's and
        // ConstantOfShape's are opsets 1 and 9 (we import 11–21), Gather's and Slice's compute on
        // a float activation (only constant shape arithmetic is folded), Cast's involve float16,
        // bfloat16, double or string; HardSigmoid's are opset 6 (the wheel's re-stamped opset-21
        // copies pass).
        let allRefused: Set<String> = [
            "GlobalAveragePool", "ConstantOfShape", "Gather", "Slice", "Cast", "QLinearConv", "QLinearMatMul",
            "HardSigmoid",
        ]
        for op in Set(cases.map(\.op)).subtracting(allRefused) {
            #expect(cases.contains { $0.op == op && $0.outcome == .passed }, "\(op): no node test passes")
        }
        let passed = cases.filter { $0.outcome == .passed }.count
        #expect(passed >= 113, "passed \(passed) of \(cases.count)")
        // Q/DQ (per tensor and per axis) run in float through eager, the fake-quant oracle; the
        // float-only frozen plan refuses them, pointing at the quantized variant.
        // QLinearConv/QLinearMatMul (the operator form of int8) are refused at import, in one line
        // (ONNX 1.12's cases are opset 10, below what we import).
        let qlinear = cases.filter { $0.op.hasPrefix("QLinear") }
        #expect(qlinear.count == 6, "\(qlinear.map(\.name))")
        for c in qlinear { #expect(Conformance.refusedQLinear(c), "\(c.name): \(c.outcome)") }
        let qdq = cases.filter { $0.op == "QuantizeLinear" || $0.op == "DequantizeLinear" }
        #expect(qdq.filter { $0.engine == "eager" && $0.outcome == .passed }.count == 4)
        for c in qdq where c.engine == "frozen" {
            #expect(
                c.outcome
                    == .refused(
                        "node \(c.op)_0 (\(c.op)): \(c.op) is int8 arithmetic; run this model with --variant quantized")
            )
        }
    }

    @Test(
        "onnx wheel: newer-opset node tests pass, or are refused clearly (opsets above 21 among them); none is wrong",
        .enabled(if: Conformance.wheel.installed, "run scripts/make_onnx_node_tests.sh (needs .venv-peers)"))
    func wheelNodeTests() throws {
        let cases = try Conformance.check(Conformance.wheel)
        for c in cases {
            guard case .refused(let why) = c.outcome, why.contains(": opset ") else { continue }
            // Refused on opset grounds only with the importer's one line.
            #expect(why.contains("is not supported (we import opsets 11–21)"), "\(c.name): \(why)")
        }
        let passed = cases.filter { $0.outcome == .passed }.count
        #expect(passed >= 119, "passed \(passed) of \(cases.count)")
        // Every QLinear case is refused (its opset, its float16 scales, or the operator itself).
        for c in cases where c.op.hasPrefix("QLinear") {
            guard case .refused = c.outcome else {
                Issue.record("\(c.name) was not refused: \(c.outcome)")
                continue
            }
        }
        // The re-stamped copies (scripts/make_onnx_node_tests.py) are what covers opsets 18–21.
        #expect(cases.filter { $0.name.hasSuffix("_at_opset21") && $0.outcome == .passed }.count >= 70)
    }
}
