import EdgeGraph
import EdgeTensor

/// Constant folding of the shape subgraphs `torch.onnx.export` emits (`x.view(x.size(0), -1)`
/// becomes Shape → Gather → Unsqueeze → Concat → Reshape). With the batch dim fixed to 1 every
/// such value is known at import: a node of these operators whose inputs are constants (or a
/// `Shape` of a value whose static type is known) is computed here, its output becomes an
/// initializer and the node disappears. What cannot be folded is refused, naming the node.
extension GraphReader {
    /// The operators folded at import (Concat only when every input is constant, Reshape and
    /// Transpose only of a constant integer tensor — what `F.pad`'s export computes its pads
    /// with; otherwise they are the float operators).
    static let foldedOperators: Set<String> = [
        "Shape", "Gather", "Unsqueeze", "Squeeze", "Cast", "Slice", "ConstantOfShape", "Concat", "Reshape",
        "Transpose",
    ]

    /// What a folded node turns into.
    enum Folded {
        /// The output is this constant.
        case constant(TensorData)
        /// The node is replaced by this one (Cast to the type it already has → Identity,
        /// Unsqueeze/Squeeze of an activation → Reshape to a constant shape).
        case node(Node, shape: (String, TensorData)?)
        /// Not folded: the node is an ordinary operator (Concat of activations).
        case keep
    }

    /// Folds `proto` (named `name`) given the constants and the nodes read so far.
    /// - Throws: `ONNXImportError` naming the node when it cannot be folded.
    mutating func fold(_ proto: Onnx_NodeProto, name: String, nodes: [Node]) throws(ONNXImportError) -> Folded {
        let label = "node \(name) (\(proto.opType))"
        func fail(_ reason: String) -> ONNXImportError { ONNXImportError("\(label): \(reason)") }
        let notFolded = "only constant int64 shape arithmetic is folded"
        guard proto.output.count == 1, !proto.output[0].isEmpty else { throw fail("needs one output") }
        func constant(_ index: Int) -> TensorData? {
            index < proto.input.count && !proto.input[index].isEmpty ? constants[proto.input[index]] : nil
        }
        func required(_ index: Int, _ role: String) throws(ONNXImportError) -> TensorData {
            guard index < proto.input.count, !proto.input[index].isEmpty else { throw fail("input \(role) is missing") }
            guard let value = constant(index) else {
                throw fail("input '\(proto.input[index])' (\(role)) is not a constant; \(notFolded)")
            }
            return value
        }
        func integers(_ index: Int, _ role: String) throws(ONNXImportError) -> [Int] {
            guard let values = try required(index, role).int64Values else { throw fail("\(role) must be integers") }
            return values.map { Int(clamping: $0) }
        }
        func intAttribute(_ key: String) throws(ONNXImportError) -> Int? {
            guard let a = proto.attribute.first(where: { $0.name == key }) else { return nil }
            guard a.type == .int, let value = Int(exactly: a.i) else {
                throw fail("attribute \(key) must be an integer")
            }
            return value
        }
        func intsAttribute(_ key: String) throws(ONNXImportError) -> [Int]? {
            guard let a = proto.attribute.first(where: { $0.name == key }) else { return nil }
            guard a.type == .ints else { throw fail("attribute \(key) must be a list of integers") }
            return a.ints.map { Int(clamping: $0) }
        }
        /// Axes from the attribute before opset 13 and from input 1 from 13 on.
        func axes() throws(ONNXImportError) -> [Int]? {
            if opset < 13 { return try intsAttribute("axes") }
            guard proto.input.count > 1, !proto.input[1].isEmpty else { return nil }
            return try integers(1, "axes")
        }
        func shape(_ dims: [Int]) throws(ONNXImportError) -> Shape {
            do { return try Shape(validating: dims) } catch { throw fail("output \(error)") }
        }
        func result(_ data: TensorData) throws(ONNXImportError) -> Folded {
            try charge(data.elementCount, data.elementType, what: label)
            return .constant(data)
        }
        let output = proto.output[0]

        switch proto.opType {
        case "Shape":
            let dims: [Int]
            if let data = constant(0) {
                dims = data.shape.dims
            } else {
                guard let input = proto.input.first, !input.isEmpty else { throw fail("input data is missing") }
                dims = try staticType(of: input, nodes: nodes, label: label).shape.dims
            }
            let rank = dims.count
            // Opset 15: start/end select dims, negative counting from the end, clamped.
            func clamp(_ value: Int) -> Int { min(max(value < 0 ? value + rank : value, 0), rank) }
            let start = clamp(try intAttribute("start") ?? 0)
            let end = clamp(try intAttribute("end") ?? rank)
            let picked = start < end ? Array(dims[start..<end]) : []
            return try result(.int64(shape: [picked.count], values: picked.map(Int64.init)))

        case "Gather":
            let data = try required(0, "data")
            guard let indices = try required(1, "indices").int64Values else { throw fail("indices must be integers") }
            let indexShape = constant(1)!.shape
            let rank = data.shape.rank
            guard rank >= 1 else { throw fail("data must have rank ≥ 1") }
            var axis = try intAttribute("axis") ?? 0
            guard axis >= -rank && axis < rank else { throw fail("axis \(axis) is outside rank \(rank)") }
            if axis < 0 { axis += rank }
            let dim = data.shape[axis]
            var picks: [Int] = []
            for index in indices {
                guard index >= -Int64(dim) && index < Int64(dim) else {
                    throw fail("index \(index) is outside dim \(axis) of size \(dim)")
                }
                picks.append(Int(index < 0 ? index + Int64(dim) : index))
            }
            let outer = data.shape.dims[..<axis].reduce(1, *)
            let inner = data.shape.dims[(axis + 1)...].reduce(1, *)
            let out = try shape(data.shape.dims[..<axis] + indexShape.dims + data.shape.dims[(axis + 1)...])
            try charge(out.elementCount, data.elementType, what: label)
            var flat: [Int] = []
            flat.reserveCapacity(out.elementCount)
            for o in 0..<outer {
                for p in picks {
                    for i in 0..<inner { flat.append((o * dim + p) * inner + i) }
                }
            }
            return .constant(data.picking(flat, shape: out))

        case "Unsqueeze", "Squeeze":
            let squeeze = proto.opType == "Squeeze"
            let givenAxes = try axes()
            let input = proto.input.first ?? ""
            let data = constant(0)
            let dims: [Int]
            if let data {
                dims = data.shape.dims
            } else {
                dims = try staticType(of: input, nodes: nodes, label: label).shape.dims
            }
            var out: [Int]
            if squeeze {
                let rank = dims.count
                var drop = Set<Int>()
                for axis in givenAxes ?? dims.indices.filter({ dims[$0] == 1 }) {
                    guard axis >= -rank && axis < rank else { throw fail("axis \(axis) is outside rank \(rank)") }
                    let a = axis < 0 ? axis + rank : axis
                    guard dims[a] == 1 else { throw fail("axis \(axis) has size \(dims[a]), not 1") }
                    drop.insert(a)
                }
                out = dims.indices.filter { !drop.contains($0) }.map { dims[$0] }
            } else {
                guard let givenAxes else { throw fail("axes are required") }
                let rank = dims.count + givenAxes.count
                var inserted = Set<Int>()
                for axis in givenAxes {
                    guard axis >= -rank && axis < rank else { throw fail("axis \(axis) is outside rank \(rank)") }
                    guard inserted.insert(axis < 0 ? axis + rank : axis).inserted else {
                        throw fail("axis \(axis) is given twice")
                    }
                }
                var rest = dims.makeIterator()
                out = (0..<rank).map { inserted.contains($0) ? 1 : rest.next()! }
            }
            let outShape = try shape(out)
            if let data { return try result(data.reshaped(outShape)) }
            // An activation: a Reshape to the now-known shape (0 would mean "copy" there).
            guard !out.contains(0) else { throw fail("a zero-sized activation is not supported") }
            let target = output + "/shape"
            return .node(
                Node(name: name, op: .reshape, inputs: [input, target], outputs: [output]),
                shape: (target, .int64(shape: [out.count], values: out.map(Int64.init))))

        case "Cast":
            guard let to = try intAttribute("to") else { throw fail("attribute to is required") }
            let target = try elementType(Int32(clamping: to), what: label)
            guard let data = constant(0) else {
                let input = proto.input.first ?? ""
                guard try staticType(of: input, nodes: nodes, label: label).elementType == target else {
                    throw fail("input '\(input)' is not a constant; \(notFolded)")
                }
                return .node(Node(name: name, op: .identity, inputs: [input], outputs: [output]), shape: nil)
            }
            guard let cast = data.cast(to: target) else {
                throw fail("a value of '\(proto.input[0])' is not representable as \(target)")
            }
            return try result(cast)

        case "Concat":
            guard !proto.input.isEmpty else { throw fail("needs one or more inputs") }
            let parts = proto.input.indices.map(constant)
            guard parts.allSatisfy({ $0 != nil }) else { return .keep }
            let values = parts.map { $0! }
            let rank = values[0].shape.rank
            guard var axis = try intAttribute("axis") else { throw fail("attribute axis is required") }
            guard axis >= -rank && axis < rank else { throw fail("axis \(axis) is outside rank \(rank)") }
            if axis < 0 { axis += rank }
            var dims = values[0].shape.dims
            var total = 0
            for value in values {
                guard value.elementType == values[0].elementType else { throw fail("inputs differ in element type") }
                guard value.shape.rank == rank, (0..<rank).allSatisfy({ $0 == axis || value.shape[$0] == dims[$0] })
                else { throw fail("input \(value.shape) does not concatenate with \(values[0].shape)") }
                guard let sum = CheckedSize.sum(total, value.shape[axis]) else { throw fail("axis dims overflow") }
                total = sum
            }
            dims[axis] = total
            let out = try shape(dims)
            try charge(out.elementCount, values[0].elementType, what: label)
            let inner = dims[(axis + 1)...].reduce(1, *)
            return .constant(
                .concatenating(
                    values, outer: dims[..<axis].reduce(1, *), blocks: values.map { $0.shape[axis] * inner }, shape: out
                ))

        case "Slice":
            let data = try required(0, "data")
            let starts = try integers(1, "starts")
            let ends = try integers(2, "ends")
            let rank = data.shape.rank
            let axesList =
                proto.input.count > 3 && !proto.input[3].isEmpty ? try integers(3, "axes") : Array(0..<starts.count)
            let steps =
                proto.input.count > 4 && !proto.input[4].isEmpty ? try integers(4, "steps") : starts.map { _ in 1 }
            guard ends.count == starts.count, axesList.count == starts.count, steps.count == starts.count else {
                throw fail("starts, ends, axes and steps differ in length")
            }
            var begin = [Int](repeating: 0, count: rank)
            var step = [Int](repeating: 1, count: rank)
            var out = data.shape.dims
            var seen = Set<Int>()
            for (k, given) in axesList.enumerated() {
                guard given >= -rank && given < rank else { throw fail("axis \(given) is outside rank \(rank)") }
                let axis = given < 0 ? given + rank : given
                guard seen.insert(axis).inserted else { throw fail("axis \(given) is given twice") }
                let dim = data.shape[axis]
                guard steps[k] != 0 else { throw fail("step 0 on axis \(given)") }
                // ONNX clamps starts and ends into the dim (INT64_MAX means "to the end").
                var s = starts[k] < 0 ? starts[k].addingReportingOverflow(dim).partialValue : starts[k]
                var e = ends[k] < 0 ? ends[k].addingReportingOverflow(dim).partialValue : ends[k]
                if steps[k] > 0 {
                    s = min(max(s, 0), dim)
                    e = min(max(e, 0), dim)
                    out[axis] = e > s ? (e - s - 1) / steps[k] + 1 : 0
                } else {
                    s = min(max(s, 0), dim - 1)
                    e = min(max(e, -1), dim - 1)
                    let magnitude = steps[k] == .min ? Int.max : -steps[k]
                    out[axis] = s > e ? (s - e - 1) / magnitude + 1 : 0
                }
                begin[axis] = s
                step[axis] = steps[k]
            }
            let outShape = try shape(out)
            try charge(outShape.elementCount, data.elementType, what: label)
            let strides = data.shape.contiguousStrides
            let outStrides = outShape.contiguousStrides
            var flat: [Int] = []
            flat.reserveCapacity(outShape.elementCount)
            for i in 0..<outShape.elementCount {
                var offset = 0
                for axis in 0..<rank {
                    let coordinate = (i / outStrides[axis]) % out[axis]
                    offset += (begin[axis] + coordinate * step[axis]) * strides[axis]
                }
                flat.append(offset)
            }
            return .constant(data.picking(flat, shape: outShape))

        case "Reshape":
            guard let data = constant(0), data.elementType != .float32 else { return .keep }
            let target = try integers(1, "shape")
            let allowZero = try intAttribute("allowzero") ?? 0
            var dims: [Int] = []
            var inferred: Int?
            for (axis, value) in target.enumerated() {
                switch value {
                case -1:
                    guard inferred == nil else { throw fail("shape \(target) has more than one -1") }
                    inferred = axis
                    dims.append(1)
                case 0 where allowZero == 0:
                    guard axis < data.shape.rank else { throw fail("shape \(target) copies a missing axis \(axis)") }
                    dims.append(data.shape[axis])
                case 0...: dims.append(value)
                default: throw fail("shape \(target) has a negative dimension")
                }
            }
            guard let known = CheckedSize.product(dims), known <= CheckedSize.limit else {
                throw fail("shape \(target) has too many elements")
            }
            if let inferred {
                guard known > 0, data.elementCount % known == 0 else {
                    throw fail("cannot reshape \(data.shape) to \(target)")
                }
                dims[inferred] = data.elementCount / known
            }
            guard CheckedSize.product(dims) == data.elementCount else {
                throw fail("cannot reshape \(data.shape) to \(target)")
            }
            return try result(data.reshaped(try shape(dims)))

        case "Transpose":
            guard let data = constant(0), data.elementType != .float32 else { return .keep }
            let rank = data.shape.rank
            let perm = try intsAttribute("perm") ?? Array((0..<rank).reversed())
            guard perm.count == rank, Set(perm) == Set(0..<rank) else {
                throw fail("perm \(perm) is not a permutation of the \(rank) axes")
            }
            let outShape = try shape(perm.map { data.shape[$0] })
            let strides = data.shape.contiguousStrides
            let outStrides = outShape.contiguousStrides
            var flat: [Int] = []
            flat.reserveCapacity(outShape.elementCount)
            for i in 0..<outShape.elementCount {
                var offset = 0
                for axis in 0..<rank { offset += ((i / outStrides[axis]) % outShape[axis]) * strides[perm[axis]] }
                flat.append(offset)
            }
            try charge(outShape.elementCount, data.elementType, what: label)
            return .constant(data.picking(flat, shape: outShape))

        case "ConstantOfShape":
            let dims = try integers(0, "shape")
            let out = try shape(dims)
            var fill = TensorData.float32(Tensor(shape: [1], scalars: [0]))
            if let value = proto.attribute.first(where: { $0.name == "value" }) {
                guard value.type == .tensor else { throw fail("attribute value must be a tensor") }
                fill = try tensor(value.t, what: label)
                guard fill.elementCount == 1 else { throw fail("attribute value must hold one element") }
            }
            try charge(out.elementCount, fill.elementType, what: label)
            return .constant(fill.picking([Int](repeating: 0, count: out.elementCount), shape: out))

        default:
            return .keep
        }
    }

    /// The static type of `value` in the graph read so far (graph inputs, constants, `nodes`).
    mutating func staticType(of value: String, nodes: [Node], label: String) throws(ONNXImportError) -> TensorType {
        if typesKnownThrough != nodes.count {
            let graph = Graph(name: "", inputs: inputs, outputs: [], nodes: nodes, initializers: initializers)
            do {
                knownTypes = try graph.inferTypes()
            } catch {
                throw ONNXImportError("\(label): the type of '\(value)' is unknown (\(error))")
            }
            typesKnownThrough = nodes.count
        }
        guard let type = knownTypes[value] else {
            throw ONNXImportError("\(label): input '\(value)' is not defined before the node")
        }
        return type
    }

    /// Counts `count` elements of `element` against the initializer budget.
    /// - Throws: `ONNXImportError` when the initializers would exceed ``ONNXReader/totalSizeLimit``.
    mutating func charge(_ count: Int, _ element: ElementType, what: String) throws(ONNXImportError) {
        guard let bytes = CheckedSize.product(count, element.byteSize), let total = CheckedSize.sum(totalBytes, bytes),
            total <= ONNXReader.totalSizeLimit
        else {
            throw ONNXImportError("\(what): the initializers exceed \(ONNXReader.totalSizeLimit >> 20) MiB")
        }
        totalBytes = total
    }
}
