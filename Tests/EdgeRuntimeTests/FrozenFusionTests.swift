import EdgeGraph
import EdgeKernels
import EdgeTensor
import Testing

@testable import EdgeRuntime

/// The frozen compiler's folds and fusions beyond DigitCNN's Conv+BN+ReLU: each fused plan
/// equals the eager engine (which never fuses) and names what it fused.
@Suite("Frozen folds and fusions: Conv+BN+activation, Conv+Add(+Relu), Pad into Conv")
struct FrozenFusionTests {
    static func random(_ shape: Shape, _ generator: inout SplitMix64, _ range: Range<Float> = -1..<1) -> Tensor<Float> {
        Tensor(shape: shape, scalars: (0..<shape.elementCount).map { _ in generator.nextFloat(in: range) })
    }

    /// The frozen plan's output against the eager engine's, for `graph` on one seeded input.
    static func check(_ graph: Graph, input shape: Shape, seed: UInt64 = 3) throws -> FrozenPlan {
        var generator = SplitMix64(seed: seed)
        let input = random(shape, &generator, -3..<3)
        let plan = try FrozenPlan(graph: graph)
        let ours = try plan.run(["x": input])["y"]!
        let reference = try EagerInterpreter(graph: graph).run(["x": input])["y"]!
        #expect(ours.shape == reference.shape)
        #expect(maxRelativeError(ours, reference) < 1e-5, "\(plan.stepNames)")
        return plan
    }

    static func convBN(channels: Int, activation: Node?, seed: UInt64) -> Graph {
        var generator = SplitMix64(seed: seed)
        var nodes = [
            Node(
                name: "conv", op: .conv, inputs: ["x", "w", "b"], outputs: ["c"],
                attributes: ["pads": .ints([1, 1, 1, 1])]),
            Node(
                name: "bn", op: .batchNormalization, inputs: ["c", "s", "beta", "m", "v"],
                outputs: [activation == nil ? "y" : "n"]),
        ]
        if var activation {
            activation.inputs[0] = "n"
            nodes.append(activation)
        }
        return Graph(
            name: "t", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [1, channels, 6, 6]))], outputs: ["y"],
            nodes: nodes,
            initializers: [
                ("w", .float32(random([8, channels, 3, 3], &generator))), ("b", .float32(random([8], &generator))),
                ("s", .float32(random([8], &generator, 0.5..<2))), ("beta", .float32(random([8], &generator))),
                ("m", .float32(random([8], &generator))), ("v", .float32(random([8], &generator, 0.5..<2))),
                ("lo", .float32(Tensor(shape: [], scalars: [0]))), ("hi", .float32(Tensor(shape: [], scalars: [6]))),
            ])
    }

    @Test(
        "Conv+BN+{Relu, Clip, HardSwish, LeakyRelu} is one step, direct (4 channels) and Winograd (8), equal to eager",
        arguments: [4, 8])
    func convBatchNormActivation(channels: Int) throws {
        let activations: [(Node, String, FusedActivation)] = [
            (Node(name: "act", op: .relu, inputs: ["n"], outputs: ["y"]), "Relu", .relu),
            (
                Node(name: "act", op: .clip, inputs: ["n", "lo", "hi"], outputs: ["y"]), "Clip",
                .clip(lower: 0, upper: 6)
            ),
            (Node(name: "act", op: .hardSwish, inputs: ["n"], outputs: ["y"]), "HardSwish", .hardSwish),
            (
                Node(name: "act", op: .leakyRelu, inputs: ["n"], outputs: ["y"], attributes: ["alpha": .float(0.1)]),
                "LeakyRelu", .leakyRelu(alpha: 0.1)
            ),
        ]
        for (index, (node, op, activation)) in activations.enumerated() {
            let plan = try Self.check(
                Self.convBN(channels: channels, activation: node, seed: UInt64(index)), input: [1, channels, 6, 6])
            #expect(plan.stepNames.map(\.op) == ["Conv+\(op)"])
            #expect(plan.stepNames.map(\.name) == ["conv+act"])
            #expect(plan.report.foldedBatchNorms.map(\.batchNorm) == ["bn"])
            switch plan.steps[0].kernel {
            case .direct(_, let fused, pooled: false) where channels < FrozenCompiler.winogradMinChannels:
                #expect(fused == activation)
            case .winograd(_, let fused, pooled: false) where channels >= FrozenCompiler.winogradMinChannels:
                #expect(fused == activation)
            default: Issue.record("\(channels) channels: \(plan.steps[0].kernel)")
            }
        }
    }

    @Test("Conv+Add+Relu: the shortcut, computed after the conv, is added in the conv's epilogue", arguments: [4, 8])
    func residual(channels: Int) throws {
        var generator = SplitMix64(seed: 9)
        let graph = Graph(
            name: "res", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [1, channels, 6, 6]))],
            outputs: ["y"],
            nodes: [
                Node(
                    name: "main", op: .conv, inputs: ["x", "w", "b"], outputs: ["m"],
                    attributes: ["pads": .ints([1, 1, 1, 1])]),
                Node(name: "short", op: .conv, inputs: ["x", "ws"], outputs: ["s"]),
                Node(name: "add", op: .add, inputs: ["m", "s"], outputs: ["a"]),
                Node(name: "relu", op: .relu, inputs: ["a"], outputs: ["y"]),
            ],
            initializers: [
                ("w", .float32(Self.random([8, channels, 3, 3], &generator))),
                ("b", .float32(Self.random([8], &generator))),
                ("ws", .float32(Self.random([8, channels, 1, 1], &generator))),
            ])
        let plan = try Self.check(graph, input: [1, channels, 6, 6])
        #expect(plan.stepNames.map(\.name) == ["short", "main+add+relu"])
        #expect(plan.stepNames.map(\.op) == ["Conv", "Conv+Add+Relu"])
        #expect(plan.steps[1].residual != nil)
        // An identity shortcut (x + conv(x)) without the ReLU.
        var identity = graph
        identity.nodes = [graph.nodes[0], Node(name: "add", op: .add, inputs: ["x", "m"], outputs: ["y"])]
        identity.inputs = [ValueInfo(name: "x", type: TensorType(.float32, [1, channels, 6, 6]))]
        if channels == 8 {
            let plan = try Self.check(identity, input: [1, 8, 6, 6])
            #expect(plan.stepNames.map(\.op) == ["Conv+Add"])
        }
    }

    static func padded(mode: String, value: Float = 0, pads: [Int64]) -> Graph {
        var generator = SplitMix64(seed: 4)
        return Graph(
            name: "pad", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [1, 2, 5, 5]))], outputs: ["y"],
            nodes: [
                Node(
                    name: "p", op: .pad, inputs: ["x", "pads", "value"], outputs: ["q"],
                    attributes: ["mode": .string(mode)]),
                Node(
                    name: "c", op: .conv, inputs: ["q", "w"], outputs: ["y"],
                    attributes: ["strides": .ints([2, 2]), "pads": .ints([1, 0, 0, 0])]),
            ],
            initializers: [
                ("pads", .int64(shape: [8], values: pads)), ("value", .float32(Tensor(shape: [], scalars: [value]))),
                ("w", .float32(Self.random([3, 2, 3, 3], &generator))),
            ])
    }

    @Test(
        "a zero Pad on H/W folds into the next conv's pads; reflect, a non-zero value or a batch pad stays a Pad step")
    func padFolding() throws {
        let folded = try Self.check(
            Self.padded(mode: "constant", pads: [0, 0, 0, 1, 0, 0, 1, 2]), input: [1, 2, 5, 5])
        #expect(folded.stepNames.map(\.op) == ["Conv"])
        #expect(folded.report.foldedPads.map(\.pad) == ["p"] && folded.report.foldedPads.map(\.into) == ["c"])
        #expect(folded.graph.nodes[0].attributes["pads"] == .ints([1, 1, 1, 2]))
        for graph in [
            Self.padded(mode: "reflect", pads: [0, 0, 1, 1, 0, 0, 2, 1]),
            Self.padded(mode: "constant", value: 0.5, pads: [0, 0, 1, 1, 0, 0, 1, 1]),
            Self.padded(mode: "edge", pads: [0, 0, 2, 0, 0, 0, 0, 3]),
            Self.padded(mode: "constant", pads: [1, 0, 1, 0, 0, 0, 0, 1]),
        ] {
            let plan = try Self.check(graph, input: [1, 2, 5, 5])
            #expect(plan.stepNames.map(\.op) == ["Pad", "Conv"])
            #expect(plan.report.foldedPads.isEmpty)
        }
    }

    @Test("Gemm+HardSwish and Gemm+LeakyRelu are one step each, equal to eager")
    func linearEpilogue() throws {
        var generator = SplitMix64(seed: 12)
        let graph = Graph(
            name: "fc", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [1, 20]))], outputs: ["y"],
            nodes: [
                Node(
                    name: "fc1", op: .gemm, inputs: ["x", "w1", "b1"], outputs: ["h"], attributes: ["transB": .int(1)]),
                Node(name: "act1", op: .hardSwish, inputs: ["h"], outputs: ["a"]),
                Node(name: "fc2", op: .gemm, inputs: ["a", "w2"], outputs: ["g"], attributes: ["transB": .int(1)]),
                Node(name: "act2", op: .leakyRelu, inputs: ["g"], outputs: ["y"], attributes: ["alpha": .float(0.2)]),
            ],
            initializers: [
                ("w1", .float32(Self.random([16, 20], &generator))), ("b1", .float32(Self.random([16], &generator))),
                ("w2", .float32(Self.random([5, 16], &generator))),
            ])
        let plan = try Self.check(graph, input: [1, 20])
        #expect(plan.stepNames.map(\.op) == ["Gemm+HardSwish", "Gemm+LeakyRelu"])
    }

    @Test("a Pad with an unknown mode, or reflecting by as much as its axis, is refused in one line naming the node")
    func padRefusals() {
        var bad = Self.padded(mode: "symmetric", pads: [0, 0, 1, 1, 0, 0, 1, 1])
        for engine in ["eager", "frozen"] {
            var message = ""
            do {
                if engine == "eager" { _ = try EagerInterpreter(graph: bad) } else { _ = try FrozenPlan(graph: bad) }
            } catch { message = "\(error)" }
            #expect(
                message.contains("node p (Pad)") && message.contains("mode") && !message.contains("\n"), "\(message)")
        }
        bad = Self.padded(mode: "reflect", pads: [0, 0, 5, 0, 0, 0, 0, 0])
        var message = ""
        do { _ = try FrozenPlan(graph: bad) } catch { message = "\(error)" }
        #expect(message.contains("node p (Pad)") && message.contains("reflect"), "\(message)")
    }

    @Test("HardSigmoid (alpha, beta) and HardSwish alone run the same in both engines")
    func hardActivations() throws {
        let graph = Graph(
            name: "hard", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [2, 3, 4]))], outputs: ["y"],
            nodes: [
                Node(
                    name: "hs", op: .hardSigmoid, inputs: ["x"], outputs: ["h"],
                    attributes: ["alpha": .float(0.25), "beta": .float(0.4)]),
                Node(name: "sw", op: .hardSwish, inputs: ["h"], outputs: ["y"]),
            ])
        let plan = try Self.check(graph, input: [2, 3, 4])
        #expect(plan.stepNames.map(\.op) == ["HardSigmoid", "HardSwish"])
        let x = Tensor<Float>(shape: [2, 3, 4], scalars: (0..<24).map { Float($0) / 2 - 6 })
        let y = try EagerInterpreter(graph: graph).run(["x": x])["y"]!.scalars
        for (xi, yi) in zip(x.scalars, y) {
            let h = min(max(0.25 * xi + 0.4, 0), 1)
            #expect(abs(yi - h * min(max(h / 6 + 0.5, 0), 1)) < 1e-6)
        }
    }
}
