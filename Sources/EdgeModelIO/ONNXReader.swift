import EdgeGraph
import EdgeTensor
import Foundation
import SwiftProtobuf

/// Reads an ONNX model (`ModelProto`) into a ``Graph``: opsets 11–21 of the default domain, the
/// operators ``OpType`` names plus `Dropout` (inference: Identity) and `Constant` (an
/// initializer), the shape subgraphs `torch.onnx.export` writes (Shape, Gather, Unsqueeze,
/// Squeeze, Cast, Slice, ConstantOfShape, constant Concat: folded into initializers, see
/// `GraphReader+ShapeFolding.swift`), initializers from `raw_data` or the typed fields, and a
/// symbolic batch dim fixed to 1. Everything else is refused in one line naming the node, the operator and the reason;
/// every dim and byte count from the file goes through the checked-size helpers.
public enum ONNXReader {
    /// The default-domain opset versions we import.
    public static let opsets: ClosedRange<Int64> = 11...21
    /// Total bytes of all initializers one model may hold.
    public static let totalSizeLimit = 512 << 20

    /// The graph in the ONNX file `bytes` (read from `path`, named in errors).
    /// - Throws: `ModelFileError` naming `path` and, where it applies, the node and operator.
    public static func graph(bytes: [UInt8], path: String) throws(ModelFileError) -> Graph {
        func fail(_ problem: String) -> ModelFileError { ModelFileError(path: path, problem: problem) }
        let model: Onnx_ModelProto
        do {
            model = try Onnx_ModelProto(serializedBytes: bytes)
        } catch {
            throw fail("not an ONNX model: the protobuf does not parse (\(error))")
        }
        guard model.hasGraph else { throw fail("not an ONNX model: no graph") }
        let defaultOpset = model.opsetImport.first { $0.domain == "" || $0.domain == "ai.onnx" }?.version
        guard let opset = defaultOpset else { throw fail("the model imports no default-domain (ai.onnx) opset") }
        guard opsets.contains(opset) else {
            throw fail("opset \(opset) is not supported (we import opsets \(opsets.lowerBound)–\(opsets.upperBound))")
        }
        var reader = GraphReader(proto: model.graph, opset: opset)
        do throws(ONNXImportError) {
            return try resolveVersions(reader.read(), opset: opset)
        } catch {
            throw fail(error.problem)
        }
    }
}

extension ONNXReader {
    /// Maps each node to the semantics of its operator's since-version at `opset`, so the graph
    /// holds today's (opset 13+) meaning:
    /// - Softmax before 13 coerces its input to 2-D at `axis` (default 1) and normalizes the
    ///   flattened trailing dims together: on the last axis that is today's Softmax (the axis is
    ///   written out); otherwise it becomes Flatten → Softmax → Reshape back.
    /// - BatchNormalization in training mode (`training_mode=1`, opset 14+) uses batch
    ///   statistics: refused (inference only).
    /// - HardSwish before opset 14, Pad's `axes` input before 18 and its `wrap` mode before 19 do
    ///   not exist: refused. (HardSigmoid is the same from opset 6 to 21; Pad takes its pads
    ///   as an input from 11.)
    static func resolveVersions(_ graph: Graph, opset: Int64) throws(ONNXImportError) -> Graph {
        for node in graph.nodes {
            switch node.op {
            case .batchNormalization:
                if case .int(let mode)? = node.attributes["training_mode"], mode != 0 {
                    throw ONNXImportError("node \(node.label): training_mode=1 is not supported (inference only)")
                }
            case .hardSwish where opset < 14:
                throw ONNXImportError("node \(node.label): HardSwish exists from opset 14 (the model imports \(opset))")
            case .pad where opset < 18 && node.input(3) != nil:
                throw ONNXImportError(
                    "node \(node.label): the axes input exists from opset 18 (the model imports \(opset))")
            case .pad where opset < 19 && node.attributes["mode"] == .string("wrap"):
                throw ONNXImportError(
                    "node \(node.label): mode 'wrap' exists from opset 19 (the model imports \(opset))")
            default:
                break
            }
        }
        guard opset < 13, graph.nodes.contains(where: { $0.op == .softmax }) else { return graph }
        let types: [String: TensorType]
        do { types = try graph.inferTypes() } catch { throw ONNXImportError("\(error)") }
        var result = graph
        result.nodes = []
        for var node in graph.nodes {
            guard node.op == .softmax, let input = types[node.inputs.first ?? ""] else {
                result.nodes.append(node)
                continue
            }
            let rank = input.shape.rank
            var axis = 1
            if case .int(let given)? = node.attributes["axis"] { axis = given }
            if axis < 0 { axis += rank }
            guard (0..<max(rank, 1)).contains(axis) else {
                throw ONNXImportError("node \(node.label): axis \(axis) is outside rank \(rank)")
            }
            node.attributes["axis"] = .int(-1)
            if axis == rank - 1 {
                result.nodes.append(node)
                continue
            }
            // Opset < 13: softmax over the flattened dims from `axis` on, then the input's shape.
            let flat = node.name + "/opset\(opset)_flatten"
            let soft = node.name + "/opset\(opset)_softmax"
            let shape = node.name + "/opset\(opset)_shape"
            result.setInitializer(shape, .int64(shape: [rank], values: input.shape.dims.map(Int64.init)))
            result.nodes.append(
                Node(
                    name: flat, op: .flatten, inputs: [node.inputs[0]], outputs: [flat],
                    attributes: ["axis": .int(axis)]))
            result.nodes.append(
                Node(name: node.name, op: .softmax, inputs: [flat], outputs: [soft], attributes: ["axis": .int(-1)]))
            result.nodes.append(
                Node(
                    name: node.name + "/opset\(opset)_reshape", op: .reshape, inputs: [soft, shape],
                    outputs: node.outputs))
        }
        return result
    }

    /// One `TensorProto` (for example an ONNX test's `input_0.pb`) as tensor data, with the
    /// same checks as an initializer.
    /// - Throws: `ModelFileError` naming `path`.
    public static func tensor(bytes: [UInt8], path: String) throws(ModelFileError) -> (name: String, data: TensorData) {
        let proto: Onnx_TensorProto
        do {
            proto = try Onnx_TensorProto(serializedBytes: bytes)
        } catch {
            throw ModelFileError(path: path, problem: "not an ONNX TensorProto (\(error))")
        }
        var reader = GraphReader(proto: Onnx_GraphProto())
        do throws(ONNXImportError) {
            return (proto.name, try reader.tensor(proto, what: "tensor '\(proto.name)'"))
        } catch {
            throw ModelFileError(path: path, problem: error.problem)
        }
    }
}

/// A reason the graph cannot be imported (the file path is added by the caller).
struct ONNXImportError: Error {
    var problem: String
    init(_ problem: String) { self.problem = problem }
}

/// Reads one `GraphProto`; the shape-subgraph folding is in `GraphReader+ShapeFolding.swift`.
struct GraphReader {
    let proto: Onnx_GraphProto
    /// The model's default-domain opset (attributes that moved to inputs depend on it).
    let opset: Int64
    var initializers: [(String, TensorData)] = []
    /// The initializers (and folded constants) by name.
    var constants: [String: TensorData] = [:]
    var inputs: [ValueInfo] = []
    var totalBytes = 0
    /// Static types of the graph read so far, valid for the first `typesKnownThrough` nodes.
    var knownTypes: [String: TensorType] = [:]
    var typesKnownThrough = -1

    init(proto: Onnx_GraphProto, opset: Int64 = ONNXReader.opsets.upperBound) {
        self.proto = proto
        self.opset = opset
    }

    mutating func addConstant(_ name: String, _ data: TensorData) {
        initializers.append((name, data))
        constants[name] = data
    }

    mutating func read() throws(ONNXImportError) -> Graph {
        for tensor in proto.initializer {
            addConstant(tensor.name, try self.tensor(tensor, what: "initializer '\(tensor.name)'"))
        }
        let constantNames = Set(initializers.map(\.0))
        for input in proto.input where !constantNames.contains(input.name) {
            inputs.append(try valueInfo(input))
        }
        var nodes: [Node] = []
        for (index, node) in proto.node.enumerated() {
            let name = node.name.isEmpty ? "\(node.opType)_\(index)" : node.name
            let label = "node \(name) (\(node.opType))"
            guard node.domain.isEmpty || node.domain == "ai.onnx" else {
                throw ONNXImportError("\(label): domain '\(node.domain)' is not supported (only the default ai.onnx)")
            }
            switch node.opType {
            case "Constant":
                guard node.output.count == 1 else { throw ONNXImportError("\(label): needs one output") }
                guard node.attribute.count == 1, let value = node.attribute.first, value.name == "value",
                    value.type == .tensor
                else {
                    throw ONNXImportError("\(label): only the 'value' tensor form is supported")
                }
                addConstant(node.output[0], try tensor(value.t, what: label))
                continue
            case "Dropout":
                guard let output = node.output.first, !output.isEmpty, let input = node.input.first, !input.isEmpty
                else {
                    throw ONNXImportError("\(label): needs an input and an output")
                }
                // Inference: the output is the input; the optional mask output must be unused.
                if node.output.count > 1, !node.output[1].isEmpty {
                    throw ONNXImportError("\(label): the mask output is not supported (inference only)")
                }
                // A `training_mode` input could switch random dropping on: refuse it rather than
                // compute the inference form for a graph that asked for training.
                if node.input.count > 2, !node.input[2].isEmpty {
                    throw ONNXImportError("\(label): the training_mode input is not supported (inference only)")
                }
                nodes.append(Node(name: name, op: .identity, inputs: [input], outputs: [output]))
                continue
            default:
                break
            }
            if Self.foldedOperators.contains(node.opType) {
                switch try fold(node, name: name, nodes: nodes) {
                case .constant(let data):
                    addConstant(node.output[0], data)
                    continue
                case .node(let replacement, let shape):
                    if let (shapeName, data) = shape { addConstant(shapeName, data) }
                    nodes.append(replacement)
                    continue
                case .keep:
                    break
                }
            }
            guard let op = OpType(rawValue: node.opType) else {
                throw ONNXImportError("\(label): operator \(node.opType) is not supported")
            }
            var attributes: [String: Attribute] = [:]
            for attribute in node.attribute {
                attributes[attribute.name] = try self.attribute(attribute, label: label)
            }
            nodes.append(Node(name: name, op: op, inputs: node.input, outputs: node.output, attributes: attributes))
        }
        return Graph(
            name: proto.name.isEmpty ? "onnx" : proto.name, inputs: inputs, outputs: proto.output.map(\.name),
            nodes: nodes, initializers: initializers)
    }

    /// A graph input's type; a symbolic or missing first dim (the batch) becomes 1.
    func valueInfo(_ info: Onnx_ValueInfoProto) throws(ONNXImportError) -> ValueInfo {
        let what = "input '\(info.name)'"
        guard info.type.tensorType.hasElemType else { throw ONNXImportError("\(what): not a tensor") }
        let element = try elementType(info.type.tensorType.elemType, what: what)
        guard info.type.tensorType.hasShape else { throw ONNXImportError("\(what): has no shape") }
        var dims: [Int] = []
        for (axis, dim) in info.type.tensorType.shape.dim.enumerated() {
            switch dim.value {
            case .dimValue(let value) where value > 0 && value <= CheckedSize.limit:
                dims.append(Int(value))
            case .dimValue(let value):
                throw ONNXImportError("\(what): dim \(axis) is \(value)")
            case .dimParam, nil:
                guard axis == 0 else {
                    let name = if case .dimParam(let p) = dim.value { "'\(p)'" } else { "unknown" }
                    throw ONNXImportError(
                        "\(what): dim \(axis) is symbolic (\(name)); only a batch dim (dim 0) can be fixed, to 1")
                }
                dims.append(1)
            }
        }
        do {
            return ValueInfo(name: info.name, type: TensorType(element, try Shape(validating: dims)))
        } catch {
            throw ONNXImportError("\(what): \(error)")
        }
    }

    func elementType(_ code: Int32, what: String) throws(ONNXImportError) -> ElementType {
        switch Onnx_TensorProto.DataType(rawValue: Int(code)) {
        case .float: .float32
        case .int8: .int8
        case .uint8: .uint8
        case .int32: .int32
        case .int64: .int64
        default: throw ONNXImportError("\(what): element type \(Self.typeName(code)) is not supported")
        }
    }

    static func typeName(_ code: Int32) -> String {
        Onnx_TensorProto.DataType(rawValue: Int(code)).map { "\($0)" } ?? "\(code)"
    }

    /// A constant tensor: dims and byte counts checked, data from `raw_data` or the typed field.
    mutating func tensor(_ t: Onnx_TensorProto, what: String) throws(ONNXImportError) -> TensorData {
        guard t.dataLocation != .external, t.externalData.isEmpty else {
            throw ONNXImportError("\(what): external data is not supported (save the model with its weights inside)")
        }
        guard !t.hasSegment else { throw ONNXImportError("\(what): segmented tensors are not supported") }
        let shape: Shape
        let count: Int
        do {
            shape = try Shape(validating: t.dims.map { $0 < 0 || $0 > Int64(CheckedSize.limit) ? -1 : Int($0) })
            count = shape.elementCount
        } catch {
            throw ONNXImportError("\(what): dims \(t.dims): \(error)")
        }
        let element = try elementType(t.dataType, what: what)
        let width = element.byteSize
        let (bytes, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, totalBytes + bytes <= ONNXReader.totalSizeLimit else {
            throw ONNXImportError("\(what): the initializers exceed \(ONNXReader.totalSizeLimit >> 20) MiB")
        }
        totalBytes += bytes
        let raw = t.rawData
        if !raw.isEmpty || t.hasRawData {
            guard raw.count == bytes else {
                throw ONNXImportError(
                    "\(what): raw_data holds \(raw.count) bytes, \(shape) of \(element) needs \(bytes)")
            }
            return raw.withUnsafeBytes { buffer in
                switch element {
                case .float32:
                    .float32(
                        Tensor(shape: shape) { out in
                            for i in 0..<count {
                                out[i] = Float(
                                    bitPattern: buffer.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
                                        .littleEndian)
                            }
                        })
                case .int8: .int8(Tensor(shape: shape, scalars: buffer.map { Int8(bitPattern: $0) }))
                case .uint8: .uint8(Tensor(shape: shape, scalars: Array(buffer)))
                case .int32:
                    .int32(
                        Tensor(
                            shape: shape,
                            scalars: (0..<count).map {
                                Int32(littleEndian: buffer.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self))
                            }))
                case .int64:
                    .int64(
                        shape: shape,
                        values: (0..<count).map {
                            Int64(littleEndian: buffer.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self))
                        })
                }
            }
        }
        func check(_ have: Int, _ field: String) throws(ONNXImportError) {
            guard have == count else {
                throw ONNXImportError("\(what): \(field) holds \(have) values, \(shape) needs \(count)")
            }
        }
        switch element {
        case .float32:
            try check(t.floatData.count, "float_data")
            return .float32(Tensor(shape: shape, scalars: t.floatData))
        case .int64:
            try check(t.int64Data.count, "int64_data")
            return .int64(shape: shape, values: t.int64Data)
        case .int32:
            try check(t.int32Data.count, "int32_data")
            return .int32(Tensor(shape: shape, scalars: t.int32Data))
        case .int8:
            try check(t.int32Data.count, "int32_data")
            guard t.int32Data.allSatisfy({ Int32(Int8.min)...Int32(Int8.max) ~= $0 }) else {
                throw ONNXImportError("\(what): int32_data holds values outside int8")
            }
            return .int8(Tensor(shape: shape, scalars: t.int32Data.map { Int8($0) }))
        case .uint8:
            try check(t.int32Data.count, "int32_data")
            guard t.int32Data.allSatisfy({ 0...255 ~= $0 }) else {
                throw ONNXImportError("\(what): int32_data holds values outside uint8")
            }
            return .uint8(Tensor(shape: shape, scalars: t.int32Data.map { UInt8($0) }))
        }
    }

    func attribute(_ a: Onnx_AttributeProto, label: String) throws(ONNXImportError) -> Attribute {
        switch a.type {
        case .int:
            guard let value = Int(exactly: a.i) else {
                throw ONNXImportError("\(label): attribute \(a.name) = \(a.i) is out of range")
            }
            return .int(value)
        case .ints:
            return .ints(a.ints.map { Int(clamping: $0) })
        case .float: return .float(a.f)
        case .floats: return .floats(a.floats)
        case .string:
            guard let text = String(data: a.s, encoding: .utf8) else {
                throw ONNXImportError("\(label): attribute \(a.name) is not UTF-8")
            }
            return .string(text)
        default:
            throw ONNXImportError("\(label): attribute \(a.name) of type \(a.type) is not supported")
        }
    }
}
