import EdgeGraph
import EdgeTensor
import Testing

@testable import EdgeRuntime

@Suite("Eager fake quantization (QuantizeLinear / DequantizeLinear in float)")
struct FakeQuantTests {
    func graph(_ x: Shape, _ nodes: [Node], _ initializers: [(String, TensorData)]) -> Graph {
        Graph(
            name: "q", inputs: [ValueInfo(name: "x", type: TensorType(.float32, x))], outputs: ["y"], nodes: nodes,
            initializers: initializers)
    }

    @Test("QuantizeLinear rounds half to even, adds the zero point and saturates (int8 and uint8)")
    func quantize() throws {
        let x = Tensor<Float>(shape: [1, 8], scalars: [1, -2, 0.25, 0.75, 1.25, -0.25, 100, -100])
        for (zero, want): (TensorData, [Float]) in [
            (.int8(Tensor(shape: [], scalars: [3])), [5, -1, 3, 5, 5, 3, 127, -128]),
            (.uint8(Tensor(shape: [], scalars: [3])), [5, 0, 3, 5, 5, 3, 203, 0]),
        ] {
            let q = try EagerInterpreter(
                graph: graph(
                    [1, 8], [Node(name: "q", op: .quantizeLinear, inputs: ["x", "s", "z"], outputs: ["y"])],
                    [("s", .float32(Tensor(shape: [], scalars: [0.5]))), ("z", zero)]))
            #expect(try q.run(["x": x])["y"]!.scalars == want)
        }
    }

    @Test("per-axis QuantizeLinear → DequantizeLinear gives the per-channel grid values")
    func perAxisRoundTrip() throws {
        let x = Tensor<Float>(shape: [1, 2, 1, 3], scalars: [0.26, -1.0, 2.0, 0.26, -1.0, 2.0])
        let interpreter = try EagerInterpreter(
            graph: graph(
                [1, 2, 1, 3],
                [
                    Node(name: "q", op: .quantizeLinear, inputs: ["x", "s", "z"], outputs: ["q"]),
                    Node(name: "dq", op: .dequantizeLinear, inputs: ["q", "s", "z"], outputs: ["y"]),
                ],
                [
                    ("s", .float32(Tensor(shape: [2], scalars: [0.5, 0.01]))),
                    ("z", .int8(Tensor(shape: [2], scalars: [0, 10]))),
                ]))
        // Channel 0: grid 0.5 (0.26 → 0.5); channel 1: grid 0.01, zero point 10, so the int8
        // range −128…127 covers −1.38…1.17 and 2.0 clips to 1.17.
        let y = try interpreter.run(["x": x])["y"]!.scalars
        let want: [Float] = [0.5, -1.0, 2.0, 0.26, -1.0, 1.17]
        for (a, b) in zip(y, want) { #expect(abs(a - b) < 1e-6, "\(y)") }
    }

    @Test("int8 weights and int32 biases behind DequantizeLinear feed Gemm as constants; frozen refuses Q/DQ")
    func dequantizedWeights() throws {
        let nodes = [
            Node(
                name: "dqw", op: .dequantizeLinear, inputs: ["w", "ws", "wz"], outputs: ["wf"],
                attributes: ["axis": .int(0)]),
            Node(
                name: "dqb", op: .dequantizeLinear, inputs: ["b", "bs"], outputs: ["bf"], attributes: ["axis": .int(0)]),
            Node(name: "fc", op: .gemm, inputs: ["x", "wf", "bf"], outputs: ["y"], attributes: ["transB": .int(1)]),
        ]
        let g = graph(
            [1, 3], nodes,
            [
                ("w", .int8(Tensor(shape: [2, 3], scalars: [1, -2, 3, 100, 0, -127]))),
                ("ws", .float32(Tensor(shape: [2], scalars: [0.5, 0.01]))),
                ("wz", .int8(Tensor(shape: [2], scalars: [0, 0]))),
                ("b", .int32(Tensor(shape: [2], scalars: [4, -300]))),
                ("bs", .float32(Tensor(shape: [2], scalars: [0.25, 0.005]))),
            ])
        let interpreter = try EagerInterpreter(graph: g)
        // The constant DQs are folded: the interpreted graph is the Gemm alone, one node per step.
        #expect(interpreter.graph.nodes.map(\.name) == ["fc"])
        let y = try interpreter.run(["x": Tensor(shape: [1, 3], scalars: [1, 2, 3])])["y"]!
        // Row 0: (0.5 − 2 + 4.5) + 1 = 4; row 1: (1 − 3.81) − 1.5 = −4.31.
        #expect(abs(y.scalars[0] - 4) < 1e-6 && abs(y.scalars[1] + 4.31) < 1e-5, "\(y.scalars)")
        var refusal: EngineError?
        do { _ = try FrozenPlan(graph: g) } catch { refusal = error }
        #expect(
            refusal
                == .unsupported(
                    node: "dqw (DequantizeLinear)",
                    reason: "DequantizeLinear is int8 arithmetic; run this model with --variant quantized"))
    }

    @Test("blocked quantization and a non-constant scale are refused with the node named")
    func refusals() throws {
        var error: EngineError?
        do {
            _ = try EagerInterpreter(
                graph: graph(
                    [1, 4],
                    [
                        Node(
                            name: "q", op: .quantizeLinear, inputs: ["x", "s", "z"], outputs: ["y"],
                            attributes: ["block_size": .int(2)])
                    ],
                    [("s", .float32(Tensor(shape: [], scalars: [0.5]))), ("z", .int8(Tensor(shape: [], scalars: [0])))])
            )
        } catch let caught { error = caught }
        #expect(
            error
                == .unsupported(
                    node: "q (QuantizeLinear)", reason: "blocked quantization (block_size) is not implemented"))
    }
}
