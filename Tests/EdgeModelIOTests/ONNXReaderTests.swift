import EdgeGraph
import EdgeRuntime
import EdgeTensor
import Foundation
import Testing

@testable import EdgeModelIO

private let fixtures = "/" + #filePath.split(separator: "/").dropLast(1).joined(separator: "/") + "/Fixtures"

/// A one-input model around `nodes`, opset `opset`.
private func model(
    input: [Int64?] = [1, 2, 2, 2], nodes: [Onnx_NodeProto], initializers: [Onnx_TensorProto] = [],
    output: String = "y", opset: Int64 = 17
) -> [UInt8] {
    var graph = Onnx_GraphProto()
    graph.name = "test"
    var x = Onnx_ValueInfoProto()
    x.name = "x"
    x.type.tensorType.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
    x.type.tensorType.shape.dim = input.map { value in
        var dim = Onnx_TensorShapeProto.Dimension()
        if let value { dim.dimValue = value } else { dim.dimParam = "N" }
        return dim
    }
    graph.input = [x]
    var y = Onnx_ValueInfoProto()
    y.name = output
    graph.output = [y]
    graph.node = nodes
    graph.initializer = initializers
    var m = Onnx_ModelProto()
    m.irVersion = 8
    var set = Onnx_OperatorSetIdProto()
    set.version = opset
    m.opsetImport = [set]
    m.graph = graph
    return Array(try! m.serializedBytes() as [UInt8])
}

private func node(
    _ op: String, _ inputs: [String], _ outputs: [String], name: String = "", _ attributes: [Onnx_AttributeProto] = []
)
    -> Onnx_NodeProto
{
    var n = Onnx_NodeProto()
    n.opType = op
    n.input = inputs
    n.output = outputs
    n.name = name
    n.attribute = attributes
    return n
}

private func floatTensor(_ name: String, _ dims: [Int64], _ values: [Float], raw: Bool) -> Onnx_TensorProto {
    var t = Onnx_TensorProto()
    t.name = name
    t.dims = dims
    t.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
    if raw {
        var bytes = Data()
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        t.rawData = bytes
    } else {
        t.floatData = values
    }
    return t
}

private func problem(_ bytes: [UInt8]) -> String? {
    do {
        _ = try ModelFile.loadGraph(bytes: bytes, path: "m.onnx")
        return nil
    } catch {
        return error.description
    }
}

@Suite("ONNX import")
struct ONNXReaderTests {
    @Test("PyTorch's own torch.onnx.export of DigitCNN (dynamic batch) loads and gives PyTorch's logits")
    func torchExport() throws {
        let graph = try ModelFile.loadGraph(contentsOf: fixtures + "/digitcnn_torch.onnx")
        #expect(graph.inputs.map(\.type.shape) == [[1, 1, 28, 28]])  // "batch" fixed to 1
        #expect(graph.outputs == ["logits"])
        let onnx = try EagerModel(graph: graph).makeContext()
        let safetensors = try EagerModel(
            graph: ModelFile.loadGraph(contentsOf: fixtures + "/digitcnn_torch.safetensors")
        )
        .makeContext()
        let expected = try SafetensorsFile(contentsOf: fixtures + "/digitcnn_expected.safetensors")
        let inputs = try #require(expected["inputs"]?.floatTensor)
        let logits = try #require(expected["logits"]?.floatTensor)
        for row in 0..<inputs.shape[0] {
            let input = inputs.sliced(row..<(row + 1)).contiguous()
            let ours = try onnx.predict(input).logits
            let reference = try safetensors.predict(input).logits
            let torch = logits.sliced(row..<(row + 1)).scalars
            let scale = max(1, torch.map { abs($0) }.max()!)
            #expect(zip(ours, torch).map { abs($0 - $1) }.max()! <= 1e-4 * scale, "row \(row)")
            #expect(zip(ours, reference).map { abs($0 - $1) }.max()! <= 1e-4 * scale, "row \(row)")
        }
    }

    @Test("initializers from raw_data and float_data, Constant, Dropout, attributes")
    func constructs() throws {
        var epsilon = Onnx_AttributeProto()
        epsilon.name = "epsilon"
        epsilon.type = .float
        epsilon.f = 1e-3
        var value = Onnx_AttributeProto()
        value.name = "value"
        value.type = .tensor
        var shape = Onnx_TensorProto()
        shape.dims = [2]
        shape.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
        shape.int64Data = [1, 8]
        value.t = shape
        let bytes = model(
            input: [nil, 2, 2, 2],
            nodes: [
                node("BatchNormalization", ["x", "s", "b", "m", "v"], ["n"], name: "bn", [epsilon]),
                node("Dropout", ["n"], ["d"]),
                node("Constant", [], ["shape"], [value]),
                node("Reshape", ["d", "shape"], ["y"], name: "flat"),
            ],
            initializers: [
                floatTensor("s", [2], [1, 2], raw: true), floatTensor("b", [2], [0.5, -0.5], raw: false),
                floatTensor("m", [2], [0, 1], raw: true), floatTensor("v", [2], [1, 4], raw: false),
            ])
        let graph = try ModelFile.loadGraph(bytes: bytes, path: "m.onnx")
        #expect(graph.nodes.map(\.op) == [.batchNormalization, .identity, .reshape])
        #expect(graph.nodes[0].attributes["epsilon"] == .float(1e-3))
        #expect(graph.floatInitializer("s")?.scalars == [1, 2] && graph.floatInitializer("b")?.scalars == [0.5, -0.5])
        #expect(graph.initializers["shape"] == .int64(shape: [2], values: [1, 8]))
        #expect(try graph.inferTypes()["y"]?.shape == [1, 8])
        let x = Tensor<Float>(shape: [1, 2, 2, 2], scalars: [0, 1, 2, 3, 4, 5, 6, 7])
        let y = try EagerInterpreter(graph: graph).run(["x": x])["y"]!.scalars
        let expected: [Float] = (0..<8).map { i in
            let c = i / 4
            let (s, b, m, v): (Float, Float, Float, Float) = c == 0 ? (1, 0.5, 0, 1) : (2, -0.5, 1, 4)
            return s * (Float(i) - m) / (v + 1e-3).squareRoot() + b
        }
        #expect(zip(y, expected).allSatisfy { abs($0 - $1) < 1e-5 }, "\(y) vs \(expected)")
    }

    @Test("what we cannot run is refused in one line naming the node, the operator and the reason")
    func refusals() throws {
        #expect(
            problem([0xFF, 0xFF, 0xFF])?.hasPrefix("m.onnx: not an ONNX model: the protobuf does not parse") == true)
        #expect(
            problem(model(nodes: [node("Relu", ["x"], ["y"])], opset: 9))
                == "m.onnx: opset 9 is not supported (we import opsets 11–21)")
        // Found by the onnx fuzzer: a Dropout with no output trapped the reader.
        #expect(
            problem(model(nodes: [node("Dropout", ["x"], [], name: "d")]))
                == "m.onnx: node d (Dropout): needs an input and an output")
        #expect(
            problem(model(nodes: [node("Tanh", ["x"], ["y"], name: "act")]))
                == "m.onnx: node act (Tanh): operator Tanh is not supported")
        // The operator form of int8 (the int8 engine reads QDQ graphs instead).
        #expect(
            problem(
                model(nodes: [node("QLinearConv", ["x", "s", "z", "w", "ws", "wz", "ys", "yz"], ["y"], name: "qc")]))
                == "m.onnx: node qc (QLinearConv): operator QLinearConv is not supported")
        var custom = node("Relu", ["x"], ["y"], name: "r")
        custom.domain = "com.microsoft"
        #expect(
            problem(model(nodes: [custom]))
                == "m.onnx: node r (Relu): domain 'com.microsoft' is not supported (only the default ai.onnx)")
        #expect(
            problem(model(input: [1, nil, 2, 2], nodes: [node("Relu", ["x"], ["y"])]))
                == "m.onnx: input 'x': dim 1 is symbolic ('N'); only a batch dim (dim 0) can be fixed, to 1")
        var external = floatTensor("w", [2], [1, 2], raw: false)
        external.floatData = []
        external.dataLocation = .external
        #expect(
            problem(model(nodes: [node("Add", ["x", "w"], ["y"])], initializers: [external]))
                == "m.onnx: initializer 'w': external data is not supported (save the model with its weights inside)")
        var short = floatTensor("w", [2, 2], [1, 2], raw: true)
        short.name = "w"
        #expect(
            problem(model(nodes: [node("Add", ["x", "w"], ["y"])], initializers: [short]))
                == "m.onnx: initializer 'w': raw_data holds 8 bytes, [2,2] of float32 needs 16")
        let huge = floatTensor("w", [1 << 20, 1 << 20, 1 << 20], [], raw: false)
        #expect(
            problem(model(nodes: [node("Add", ["x", "w"], ["y"])], initializers: [huge]))?.hasPrefix(
                "m.onnx: initializer 'w': dims") == true)
    }

    @Test("Softmax before opset 13 normalizes the flattened dims from its axis (default 1), from 13 on one axis")
    func softmaxVersions() throws {
        let x = Tensor<Float>(shape: [1, 2, 2, 2], scalars: [0, 1, 2, 3, -1, 0.5, 4, 2])
        func softmax(_ v: [Float]) -> [Float] {
            let m = v.max()!
            let e = v.map { expf($0 - m) }
            let sum = e.reduce(0, +)
            return e.map { $0 / sum }
        }
        func run(opset: Int64, axis: Int64?) throws -> [Float] {
            var attributes: [Onnx_AttributeProto] = []
            if let axis {
                var a = Onnx_AttributeProto()
                a.name = "axis"
                a.type = .int
                a.i = axis
                attributes.append(a)
            }
            let bytes = model(nodes: [node("Softmax", ["x"], ["y"], name: "sm", attributes)], opset: opset)
            let graph = try ModelFile.loadGraph(bytes: bytes, path: "m.onnx")
            return try EagerInterpreter(graph: graph).run(["x": x])["y"]!.scalars
        }
        let all = softmax(x.scalars)  // opset 11, axis 1 of [1,2,2,2]: all 8 values together
        let lastAxis = stride(from: 0, to: 8, by: 2).flatMap { softmax(Array(x.scalars[$0..<($0 + 2)])) }
        for (got, want) in [
            (try run(opset: 11, axis: nil), all), (try run(opset: 12, axis: 1), all),
            (try run(opset: 11, axis: 3), lastAxis), (try run(opset: 11, axis: -1), lastAxis),
            (try run(opset: 13, axis: nil), lastAxis),
        ] {
            #expect(zip(got, want).allSatisfy { abs($0 - $1) < 1e-6 }, "\(got) vs \(want)")
        }
        // Softmax over axis 2 at opset 11 normalizes dims 2 and 3 together, per channel.
        let pairs = stride(from: 0, to: 8, by: 4).flatMap { softmax(Array(x.scalars[$0..<($0 + 4)])) }
        let got = try run(opset: 11, axis: 2)
        #expect(zip(got, pairs).allSatisfy { abs($0 - $1) < 1e-6 }, "\(got) vs \(pairs)")
    }

    @Test("BatchNormalization in training mode is refused (inference only)")
    func batchNormTraining() {
        var mode = Onnx_AttributeProto()
        mode.name = "training_mode"
        mode.type = .int
        mode.i = 1
        let bytes = model(
            nodes: [node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], name: "bn", [mode])],
            initializers: ["s", "b", "m", "v"].map { floatTensor($0, [2], [1, 1], raw: true) })
        #expect(
            problem(bytes) == "m.onnx: node bn (BatchNormalization): training_mode=1 is not supported (inference only)")
    }

    @Test(
        "torch's x.view(x.size(0), -1) shape subgraph folds to one Reshape that equals Flatten (opset 11 and 13)",
        arguments: [11, 13] as [Int64])
    func torchViewFolds(opset: Int64) throws {
        let nodes = [
            node("Shape", ["x"], ["s"], name: "shape"),
            node("Constant", [], ["zero"], [tensorAttribute("value", int64Tensor("", [], [0]))]),
            node("Gather", ["s", "zero"], ["batch"], name: "gather", [intAttribute("axis", 0)]),
            opset < 13
                ? node("Unsqueeze", ["batch"], ["b1"], name: "unsqueeze", [intsAttribute("axes", [0])])
                : node("Unsqueeze", ["batch", "axes"], ["b1"], name: "unsqueeze"),
            node("Concat", ["b1", "rest"], ["target"], name: "concat", [intAttribute("axis", 0)]),
            node("Reshape", ["x", "target"], ["y"], name: "view"),
        ]
        let bytes = model(
            input: [nil, 2, 2, 2], nodes: nodes,
            initializers: [int64Tensor("rest", [1], [-1]), int64Tensor("axes", [1], [0])], opset: opset)
        let graph = try ModelFile.loadGraph(bytes: bytes, path: "m.onnx")
        #expect(graph.nodes.map(\.op) == [.reshape])
        #expect(graph.initializers["target"] == .int64(shape: [2], values: [1, -1]))
        let flatten = Graph(
            name: "f", inputs: graph.inputs, outputs: ["y"],
            nodes: [Node(name: "f", op: .flatten, inputs: ["x"], outputs: ["y"])])
        let x = Tensor<Float>(shape: [1, 2, 2, 2], scalars: (0..<8).map(Float.init))
        let ours = try EagerInterpreter(graph: graph).run(["x": x])["y"]!
        let reference = try EagerInterpreter(graph: flatten).run(["x": x])["y"]!
        #expect(ours.shape == [1, 8] && ours == reference)
    }

    @Test("Shape (start), Slice, Squeeze, Cast and ConstantOfShape fold; Unsqueeze of an activation is a Reshape")
    func moreFolds() throws {
        var fill = int64Tensor("", [1], [3])
        fill.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        fill.int64Data = []
        fill.floatData = [3]
        let nodes = [
            node("Shape", ["x"], ["s"], name: "shape", [intAttribute("start", 1)]),  // [2,3,4]
            node("Slice", ["s", "starts", "ends"], ["hw"], name: "slice"),  // [3,4]
            node("ConstantOfShape", ["hw"], ["threes"], name: "fill", [tensorAttribute("value", fill)]),
            node("Cast", ["hw"], ["hwf"], name: "cast", [intAttribute("to", 1)]),
            node("Unsqueeze", ["x", "axes"], ["u"], name: "unsqueeze"),  // [1,1,2,3,4]
            node("Squeeze", ["u", "axes"], ["y"], name: "squeeze"),
        ]
        let bytes = model(
            input: [1, 2, 3, 4], nodes: nodes,
            initializers: [
                int64Tensor("starts", [1], [-2]), int64Tensor("ends", [1], [Int64.max]), int64Tensor("axes", [1], [1]),
            ])
        let graph = try ModelFile.loadGraph(bytes: bytes, path: "m.onnx")
        #expect(graph.initializers["s"] == .int64(shape: [3], values: [2, 3, 4]))
        #expect(graph.initializers["hw"] == .int64(shape: [2], values: [3, 4]))
        #expect(graph.initializers["threes"] == .float32(Tensor(shape: [3, 4], repeating: 3)))
        #expect(graph.initializers["hwf"] == .float32(Tensor(shape: [2], scalars: [3, 4])))
        #expect(graph.nodes.map(\.op) == [.reshape, .reshape])
        #expect(try graph.inferTypes()["y"]?.shape == [1, 2, 3, 4])
    }

    @Test("a shape-subgraph operator that cannot be folded is refused in one line naming the node")
    func foldRefusals() {
        let gather = model(
            nodes: [node("Gather", ["x", "i"], ["y"], name: "g")], initializers: [int64Tensor("i", [], [0])])
        #expect(
            problem(gather)
                == "m.onnx: node g (Gather): input 'x' (data) is not a constant; only constant int64 shape arithmetic is folded"
        )
        let cast = model(nodes: [node("Cast", ["x"], ["y"], name: "c", [intAttribute("to", 7)])])
        #expect(
            problem(cast)
                == "m.onnx: node c (Cast): input 'x' is not a constant; only constant int64 shape arithmetic is folded")
        let outOfRange = model(
            nodes: [
                node("Shape", ["x"], ["s"]), node("Gather", ["s", "i"], ["y"], name: "g"),
            ], initializers: [int64Tensor("i", [], [4])])
        #expect(problem(outOfRange) == "m.onnx: node g (Gather): index 4 is outside dim 0 of size 4")
        let huge = model(
            nodes: [node("ConstantOfShape", ["d"], ["y"], name: "c")],
            initializers: [int64Tensor("d", [3], [1 << 20, 1 << 20, 1 << 20])])
        #expect(problem(huge)?.hasPrefix("m.onnx: node c (ConstantOfShape): output shape") == true)
        let big = model(
            nodes: [node("ConstantOfShape", ["d"], ["y"], name: "c")],
            initializers: [int64Tensor("d", [2], [1 << 16, 1 << 16])])
        #expect(problem(big) == "m.onnx: node c (ConstantOfShape): the initializers exceed 512 MiB")
    }
}

private func int64Tensor(_ name: String, _ dims: [Int64], _ values: [Int64]) -> Onnx_TensorProto {
    var t = Onnx_TensorProto()
    t.name = name
    t.dims = dims
    t.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
    t.int64Data = values
    return t
}

private func intAttribute(_ name: String, _ value: Int64) -> Onnx_AttributeProto {
    var a = Onnx_AttributeProto()
    a.name = name
    a.type = .int
    a.i = value
    return a
}

private func intsAttribute(_ name: String, _ values: [Int64]) -> Onnx_AttributeProto {
    var a = Onnx_AttributeProto()
    a.name = name
    a.type = .ints
    a.ints = values
    return a
}

private func tensorAttribute(_ name: String, _ value: Onnx_TensorProto) -> Onnx_AttributeProto {
    var a = Onnx_AttributeProto()
    a.name = name
    a.type = .tensor
    a.t = value
    return a
}
