import EdgeGraph
import EdgeTensor
import Foundation
import SwiftProtobuf

/// Writes a ``Graph`` as an ONNX model (`ModelProto`) that onnxruntime and ``ONNXReader`` load:
/// one default-domain opset (17 unless told), every initializer as little-endian `raw_data`,
/// inputs and outputs with their static shapes, attributes sorted by name.
///
/// The bytes are a function of the graph and the arguments only (no time, no path, no random
/// ids), so the same graph always gives the same file.
public enum ONNXWriter {
    /// The IR version written with each opset (ONNX's versioning table).
    static func irVersion(opset: Int64) -> Int64 {
        switch opset {
        case ...14: 7
        case 15...18: 8
        case 19...20: 9
        default: 10
        }
    }

    /// The ONNX bytes of `graph`.
    /// - Parameters:
    ///   - opset: the default-domain opset the file declares; the graph's ops must mean at that
    ///     opset what they mean here (true for every ``OpType`` from 13 to 21).
    ///   - producer: `producer_name` and `producer_version`.
    ///   - metadata: `metadata_props`, written in the given order.
    /// - Throws: `ModelFileError` naming `path` when the graph does not validate.
    public static func bytes(
        _ graph: Graph, path: String, opset: Int64 = 17, producer: (name: String, version: String),
        metadata: [(key: String, value: String)] = []
    ) throws(ModelFileError) -> [UInt8] {
        guard ONNXReader.opsets.contains(opset), opset >= 13 else {
            throw ModelFileError(path: path, problem: "opset \(opset) cannot be written (13–21)")
        }
        let types: [String: TensorType]
        do { types = try graph.inferTypes() } catch { throw ModelFileError(path: path, problem: "\(error)") }
        var model = Onnx_ModelProto()
        model.irVersion = irVersion(opset: opset)
        model.producerName = producer.name
        model.producerVersion = producer.version
        var set = Onnx_OperatorSetIdProto()
        set.domain = ""
        set.version = opset
        model.opsetImport = [set]
        model.metadataProps = metadata.map { entry in
            var prop = Onnx_StringStringEntryProto()
            prop.key = entry.key
            prop.value = entry.value
            return prop
        }
        var proto = Onnx_GraphProto()
        proto.name = graph.name
        proto.input = graph.inputs.map { valueInfo($0.name, $0.type) }
        proto.output = graph.outputs.map { valueInfo($0, types[$0]!) }
        proto.initializer = graph.initializerNames.map { tensor($0, graph.initializers[$0]!) }
        proto.node = graph.nodes.map(node)
        model.graph = proto
        do {
            return try model.serializedBytes()
        } catch {
            throw ModelFileError(path: path, problem: "cannot serialize the model (\(error))")
        }
    }

    static func valueInfo(_ name: String, _ type: TensorType) -> Onnx_ValueInfoProto {
        var info = Onnx_ValueInfoProto()
        info.name = name
        var tensorType = Onnx_TypeProto.Tensor()
        tensorType.elemType = Int32(dataType(type.elementType).rawValue)
        var shape = Onnx_TensorShapeProto()
        shape.dim = type.shape.dims.map { value in
            var dim = Onnx_TensorShapeProto.Dimension()
            dim.dimValue = Int64(value)
            return dim
        }
        tensorType.shape = shape
        info.type.tensorType = tensorType
        return info
    }

    static func dataType(_ type: ElementType) -> Onnx_TensorProto.DataType {
        switch type {
        case .float32: .float
        case .int8: .int8
        case .uint8: .uint8
        case .int32: .int32
        case .int64: .int64
        }
    }

    static func tensor(_ name: String, _ data: TensorData) -> Onnx_TensorProto {
        var t = Onnx_TensorProto()
        t.name = name
        t.dims = data.shape.dims.map(Int64.init)
        t.dataType = Int32(dataType(data.elementType).rawValue)
        var raw = [UInt8]()
        switch data {
        case .float32(let tensor):
            raw.reserveCapacity(4 * tensor.count)
            for value in tensor.scalars { withUnsafeBytes(of: value.bitPattern.littleEndian) { raw += $0 } }
        case .int8(let tensor): raw = tensor.scalars.map { UInt8(bitPattern: $0) }
        case .uint8(let tensor): raw = tensor.scalars
        case .int32(let tensor):
            for value in tensor.scalars { withUnsafeBytes(of: value.littleEndian) { raw += $0 } }
        case .int64(_, let values):
            for value in values { withUnsafeBytes(of: value.littleEndian) { raw += $0 } }
        }
        t.rawData = Data(raw)
        return t
    }

    static func node(_ node: Node) -> Onnx_NodeProto {
        var proto = Onnx_NodeProto()
        proto.name = node.name
        proto.opType = node.op.rawValue
        proto.input = node.inputs
        proto.output = node.outputs
        proto.attribute = node.attributes.keys.sorted().map { name in
            var a = Onnx_AttributeProto()
            a.name = name
            switch node.attributes[name]! {
            case .int(let v):
                a.type = .int
                a.i = Int64(v)
            case .ints(let v):
                a.type = .ints
                a.ints = v.map(Int64.init)
            case .float(let v):
                a.type = .float
                a.f = v
            case .floats(let v):
                a.type = .floats
                a.floats = v
            case .string(let v):
                a.type = .string
                a.s = Data(v.utf8)
            }
            return a
        }
        return proto
    }
}

extension ONNXReader {
    /// The `metadata_props` of the ONNX model `bytes`, in file order (empty when none).
    /// - Throws: `ModelFileError` naming `path` when the bytes are not an ONNX model.
    public static func metadata(bytes: [UInt8], path: String) throws(ModelFileError) -> [(key: String, value: String)] {
        do {
            let model = try Onnx_ModelProto(serializedBytes: bytes)
            return model.metadataProps.map { ($0.key, $0.value) }
        } catch {
            throw ModelFileError(path: path, problem: "not an ONNX model: the protobuf does not parse (\(error))")
        }
    }
}

extension ONNXWriter {
    /// The ONNX model `bytes` with `entries` set in `metadata_props` (see
    /// ``ModelMetadata/setting(_:in:path:)``); everything else is re-serialized as parsed.
    /// - Throws: `ModelFileError` naming `path` when the bytes are not an ONNX model.
    static func settingMetadata(
        _ entries: [(key: String, value: String)], in bytes: [UInt8], path: String
    ) throws(ModelFileError) -> [UInt8] {
        var model: Onnx_ModelProto
        do {
            model = try Onnx_ModelProto(serializedBytes: bytes)
        } catch {
            throw ModelFileError(path: path, problem: "not an ONNX model: the protobuf does not parse (\(error))")
        }
        let merged = ModelMetadata.merged(model.metadataProps.map { ($0.key, $0.value) }, with: entries)
        model.metadataProps = merged.map { entry in
            var prop = Onnx_StringStringEntryProto()
            prop.key = entry.key
            prop.value = entry.value
            return prop
        }
        do {
            return try model.serializedBytes()
        } catch {
            throw ModelFileError(path: path, problem: "cannot serialize the model (\(error))")
        }
    }
}
