import EdgeGraph
import EdgeTensor
import Foundation
import Testing

@testable import EdgeRuntime

@Suite("Eager operators beyond DigitCNN")
struct EagerOperatorTests {
    let x = Tensor<Float>(shape: [2, 3], scalars: [1, -2, 3, 0.5, 4, -1])

    func run(_ nodes: [Node], _ initializers: [(String, TensorData)], output: String = "y") throws -> Tensor<Float> {
        let graph = Graph(
            name: "t", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [2, 3]))], outputs: [output],
            nodes: nodes, initializers: initializers)
        return try EagerInterpreter(graph: graph).run(["x": x])[output]!
    }

    @Test("Gemm with transB=0, alpha and beta equals the hand computation")
    func gemm() throws {
        let b = Tensor<Float>(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
        let c = Tensor<Float>(shape: [1, 2], scalars: [10, 20])
        let y = try run(
            [
                Node(
                    name: "g", op: .gemm, inputs: ["x", "b", "c"], outputs: ["y"],
                    attributes: ["alpha": .float(2), "beta": .float(0.5)])
            ],
            [("b", .float32(b)), ("c", .float32(c))])
        // x·b = [[1-6+15, 2-8+18], [0.5+12-5, 1+16-6]] = [[10, 12], [7.5, 11]]
        let expected: [Float] = [25, 34, 20, 32]  // 2·(x·b) + 0.5·c
        #expect(y.scalars == expected)
    }

    @Test("MatMul, Add, Relu, Softmax and Identity chain")
    func chain() throws {
        let b = Tensor<Float>(shape: [3, 3], scalars: [1, 0, 0, 0, 1, 0, 0, 0, 1])
        let y = try run(
            [
                Node(name: "m", op: .matMul, inputs: ["x", "eye"], outputs: ["m"]),
                Node(name: "a", op: .add, inputs: ["m", "x"], outputs: ["a"]),
                Node(name: "r", op: .relu, inputs: ["a"], outputs: ["r"]),
                Node(name: "i", op: .identity, inputs: ["r"], outputs: ["i"]),
                Node(name: "s", op: .softmax, inputs: ["i"], outputs: ["y"]),
            ], [("eye", .float32(b))])
        let relu: [Float] = [2, 0, 6, 1, 8, 0]
        for row in 0..<2 {
            let values = relu[(row * 3)..<(row * 3 + 3)]
            let exps = values.map { expf($0 - values.max()!) }
            let sum = exps.reduce(0, +)
            for (column, e) in exps.enumerated() {
                #expect(abs(y[row, column] - e / sum) < 1e-6)
            }
        }
    }

    @Test("int64 operands and outputs are refused with the node named")
    func unsupported() throws {
        let ints = Graph(
            name: "a", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [2, 3]))], outputs: ["y"],
            nodes: [Node(name: "add", op: .add, inputs: ["b", "b"], outputs: ["y"])],
            initializers: [("b", .int64(shape: [3], values: [1, 2, 3]))])
        #expect(
            throws: EngineError.unsupported(
                node: "add (Add)", reason: "input 'b' is int64; the eager engine computes on float32 only")
        ) { try EagerInterpreter(graph: ints) }
        let constantOutput = Graph(
            name: "c", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [2, 3]))], outputs: ["b"],
            initializers: [("b", .int64(shape: [3], values: [1, 2, 3]))])
        #expect(
            throws: EngineError.unsupported(
                node: "output 'b'", reason: "is int64; the eager engine returns float32 only")
        ) { try EagerInterpreter(graph: constantOutput) }
        var broken = DigitCNN.graph(weights: DigitCNNWeights(seed: 1))
        broken.nodes.remove(at: 2)
        #expect(throws: EngineError.invalidGraph(.undefinedValue("relu1", node: "pool1 (MaxPool)"))) {
            try EagerInterpreter(graph: broken)
        }
    }

    @Test("Add and Mul broadcast a constant row or column; Clip, LeakyRelu, Sigmoid by hand")
    func broadcastingAndActivations() throws {
        let row = Tensor<Float>(shape: [3], scalars: [1, 2, 3])
        let column = Tensor<Float>(shape: [2, 1], scalars: [10, -1])
        let added = try run(
            [Node(name: "a", op: .add, inputs: ["x", "row"], outputs: ["y"])], [("row", .float32(row))])
        #expect(added.scalars == [2, 0, 6, 1.5, 6, 2])
        let product = try run(
            [Node(name: "m", op: .mul, inputs: ["column", "x"], outputs: ["y"])], [("column", .float32(column))])
        #expect(product.scalars == [10, -20, 30, -0.5, -4, 1])
        let bounds: [(String, TensorData)] = [
            ("lo", .float32(Tensor(shape: [], scalars: [-1]))), ("hi", .float32(Tensor(shape: [], scalars: [2]))),
        ]
        let clipped = try run([Node(name: "c", op: .clip, inputs: ["x", "lo", "hi"], outputs: ["y"])], bounds)
        #expect(clipped.scalars == [1, -1, 2, 0.5, 2, -1])
        let upperOnly = try run([Node(name: "c", op: .clip, inputs: ["x", "", "hi"], outputs: ["y"])], bounds)
        #expect(upperOnly.scalars == [1, -2, 2, 0.5, 2, -1])
        let leaky = try run(
            [Node(name: "l", op: .leakyRelu, inputs: ["x"], outputs: ["y"], attributes: ["alpha": .float(0.5)])], [])
        #expect(leaky.scalars == [1, -1, 3, 0.5, 4, -0.5])
        let sigmoid = try run([Node(name: "s", op: .sigmoid, inputs: ["x"], outputs: ["y"])], [])
        #expect(zip(sigmoid.scalars, x.scalars).allSatisfy { abs($0 - 1 / (1 + expf(-$1))) < 1e-6 })
    }

    @Test("Concat with a constant operand and Transpose by hand; a computed Clip bound is refused")
    func concatTranspose() throws {
        let extra = Tensor<Float>(shape: [2, 1], scalars: [7, 8])
        let joined = try run(
            [Node(name: "c", op: .concat, inputs: ["x", "extra"], outputs: ["y"], attributes: ["axis": .int(-1)])],
            [("extra", .float32(extra))])
        #expect(joined.shape == [2, 4] && joined.scalars == [1, -2, 3, 7, 0.5, 4, -1, 8])
        let transposed = try run([Node(name: "t", op: .transpose, inputs: ["x"], outputs: ["y"])], [])
        #expect(transposed.shape == [3, 2] && transposed.scalars == [1, 0.5, -2, 4, 3, -1])
        let graph = Graph(
            name: "t", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [2, 3]))], outputs: ["y"],
            nodes: [
                Node(name: "r", op: .relu, inputs: ["x"], outputs: ["r"]),
                Node(name: "c", op: .clip, inputs: ["x", "r"], outputs: ["y"]),
            ])
        #expect(throws: EngineError.invalidGraph(.notConstant(node: "c (Clip)", input: "r"))) {
            try EagerInterpreter(graph: graph)
        }
    }
}
