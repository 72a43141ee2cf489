import EdgeTensor
import Testing

@testable import EdgeGraph

@Suite("Operator shape inference")
struct OperatorInferenceTests {
    /// Types of a one-node graph over a float input of `shape`.
    func infer(
        _ op: OpType, input shape: Shape, extra: [(String, TensorData)] = [],
        attributes: [String: Attribute] = [:]
    ) throws -> TensorType {
        let graph = Graph(
            name: "t", inputs: [ValueInfo(name: "x", type: TensorType(.float32, shape))], outputs: ["y"],
            nodes: [Node(name: "n", op: op, inputs: ["x"] + extra.map(\.0), outputs: ["y"], attributes: attributes)],
            initializers: extra)
        return try graph.inferTypes()["y"]!
    }

    @Test("window sizes: stride, padding, dilation, ceil mode")
    func windows() {
        let base = WindowAttributes(kernelShape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1])
        #expect(base.outputSize(height: 13, width: 5)! == (7, 3))
        let dilated = WindowAttributes(kernelShape: [3, 3], dilations: [2, 2])
        #expect(dilated.outputSize(height: 7, width: 5)! == (3, 1))
        #expect(WindowAttributes(kernelShape: [2, 2], strides: [2, 2]).outputSize(height: 7, width: 7)! == (3, 3))
        #expect(
            WindowAttributes(kernelShape: [2, 2], strides: [2, 2], ceilMode: true).outputSize(height: 7, width: 7)! == (
                4, 4
            ))
        #expect(WindowAttributes(kernelShape: [3, 3]).outputSize(height: 2, width: 9) == nil)
    }

    @Test("grouped and depthwise convolution")
    func groupedConv() throws {
        let depthwise = try infer(
            .conv, input: [2, 8, 9, 9], extra: [("w", .float32(Tensor(shape: [8, 1, 3, 3])))],
            attributes: ["group": .int(8), "strides": .ints([2, 2])])
        #expect(depthwise == TensorType(.float32, [2, 8, 4, 4]))
    }

    @Test("reshape with 0 and -1, flatten around an axis, global pooling, softmax")
    func reshapeFlatten() throws {
        let reshaped = try infer(
            .reshape, input: [2, 3, 4, 5], extra: [("s", .int64(shape: [3], values: [0, -1, 5]))])
        #expect(reshaped.shape == [2, 12, 5])
        #expect(try infer(.flatten, input: [2, 3, 4, 5], attributes: ["axis": .int(2)]).shape == [6, 20])
        #expect(try infer(.flatten, input: [2, 3, 4, 5], attributes: ["axis": .int(0)]).shape == [1, 120])
        #expect(try infer(.globalAveragePool, input: [2, 3, 4, 5]).shape == [2, 3, 1, 1])
        #expect(try infer(.softmax, input: [2, 10]).shape == [2, 10])
        #expect(
            throws: GraphError.shape(
                node: "n (Reshape)", problem: "cannot reshape X [2,3,4,5] (120 elements) to [7, 0]")
        ) {
            try infer(.reshape, input: [2, 3, 4, 5], extra: [("s", .int64(shape: [2], values: [7, 0]))])
        }
        // A target whose product overflows Int is an error, not a trap (onnx fuzzer finding).
        for values: [Int64] in [[6_755_399_441_055_743, 32767], [1 << 40, 1 << 40, -1]] {
            #expect(
                throws: GraphError.shape(
                    node: "n (Reshape)",
                    problem: "shape \(values.map(Int.init)) has more elements than any tensor may hold")
            ) {
                try infer(.reshape, input: [2, 3, 4, 5], extra: [("s", .int64(shape: [values.count], values: values))])
            }
        }
    }

    @Test("add broadcasts numpy-style and names incompatible shapes")
    func add() throws {
        #expect(
            try infer(.add, input: [2, 3, 4], extra: [("b", .float32(Tensor(shape: [3, 1])))]).shape == [2, 3, 4])
        #expect(throws: GraphError.shape(node: "n (Add)", problem: "shapes [2,3,4] and [2,4] do not broadcast")) {
            try infer(.add, input: [2, 3, 4], extra: [("b", .float32(Tensor(shape: [2, 4])))])
        }
    }

    @Test("quantize/dequantize: per-tensor and per-channel types")
    func quantization() throws {
        let q = try infer(
            .quantizeLinear, input: [1, 4, 2, 2],
            extra: [("s", .float32(Tensor(shape: [], repeating: 0.1))), ("z", .int8(Tensor(shape: [])))])
        #expect(q == TensorType(.int8, [1, 4, 2, 2]))
        let graph = Graph(
            name: "dq", inputs: [], outputs: ["w"],
            nodes: [
                Node(
                    name: "dq", op: .dequantizeLinear, inputs: ["q", "s", "z"], outputs: ["w"],
                    attributes: ["axis": .int(0)])
            ],
            initializers: [
                ("q", .int8(Tensor(shape: [4, 1, 3, 3]))), ("s", .float32(Tensor(shape: [4], repeating: 0.5))),
                ("z", .int8(Tensor(shape: [4]))),
            ])
        #expect(try graph.inferTypes()["w"] == TensorType(.float32, [4, 1, 3, 3]))
        #expect(try graph.cost().parameters == 36)
        var wrong = graph
        wrong.setInitializer("s", .float32(Tensor(shape: [3])))
        #expect(
            throws: GraphError.shape(
                node: "dq (DequantizeLinear)", problem: "per-axis scale [3] does not match X [4,1,3,3] along axis 0")
        ) {
            try wrong.validate()
        }
    }

    @Test("Mul broadcasts, Concat sums its axis, Transpose permutes, activations keep the type")
    func newOperators() throws {
        let row = ("r", TensorData.float32(Tensor(shape: [1, 3, 1, 1])))
        #expect(try infer(.mul, input: [2, 3, 4, 5], extra: [row]) == TensorType(.float32, [2, 3, 4, 5]))
        let more = ("m", TensorData.float32(Tensor(shape: [2, 7, 4, 5])))
        #expect(
            try infer(.concat, input: [2, 3, 4, 5], extra: [more], attributes: ["axis": .int(-3)])
                == TensorType(.float32, [2, 10, 4, 5]))
        #expect(try infer(.transpose, input: [2, 3, 4]) == TensorType(.float32, [4, 3, 2]))
        #expect(
            try infer(.transpose, input: [2, 3, 4], attributes: ["perm": .ints([0, 2, 1])])
                == TensorType(.float32, [2, 4, 3]))
        for op in [OpType.sigmoid, .leakyRelu, .clip] {
            #expect(try infer(op, input: [2, 3]) == TensorType(.float32, [2, 3]))
        }
        let bound = ("lo", TensorData.float32(Tensor(shape: [], scalars: [0])))
        #expect(try infer(.clip, input: [2, 3], extra: [bound]) == TensorType(.float32, [2, 3]))
        var problems: [String] = []
        let cases: [(OpType, [(String, TensorData)], [String: Attribute])] = [
            (.concat, [more], ["axis": .int(2)]), (.concat, [more], [:]),
            (.transpose, [], ["perm": .ints([0, 0, 1, 2])]),
            (.clip, [("lo", .float32(Tensor(shape: [2])))], [:]), (.mul, [("m", .float32(Tensor(shape: [3])))], [:]),
        ]
        for (op, extra, attributes) in cases {
            do { _ = try infer(op, input: [2, 3, 4, 5], extra: extra, attributes: attributes) } catch {
                problems.append("\(error)")
            }
        }
        #expect(
            problems == [
                "node n (Concat): input [2,7,4,5] does not concatenate with [2,3,4,5] along axis 2",
                "node n (Concat): attribute 'axis' is required",
                "node n (Transpose): attribute 'perm' [0, 0, 1, 2] is not a permutation of the 4 axes of [2,3,4,5]",
                "node n (Clip): min must be a scalar, got [2]",
                "node n (Mul): shapes [2,3,4,5] and [3] do not broadcast",
            ])
    }
}
