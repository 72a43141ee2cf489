import EdgeTensor

/// Static type inference for one node, given the types of its inputs.
struct NodeTypeInference {
    let node: Node
    /// One entry per `node.inputs`; nil for an omitted optional input.
    let inputTypes: [TensorType?]
    let graph: Graph

    func infer() throws(GraphError) -> [TensorType] {
        switch node.op {
        case .conv: [try conv()]
        case .batchNormalization: [try batchNormalization()]
        case .relu, .identity: [try unary(floatOnly: node.op == .relu)]
        case .maxPool, .averagePool: [try pool()]
        case .globalAveragePool: [try globalAveragePool()]
        case .flatten: [try flatten()]
        case .reshape: [try reshape()]
        case .gemm: [try gemm()]
        case .matMul: [try matMul()]
        case .add, .mul: [try broadcastBinary()]
        case .clip: [try clip()]
        case .leakyRelu, .sigmoid, .hardSigmoid, .hardSwish: [try unary(floatOnly: true)]
        case .pad: [try pad()]
        case .concat: [try concat()]
        case .transpose: [try transpose()]
        case .softmax: [try softmax()]
        case .quantizeLinear: [try quantizeLinear()]
        case .dequantizeLinear: [try dequantizeLinear()]
        }
    }

    // MARK: Helpers

    private func shapeError(_ problem: String) -> GraphError { .shape(node: node.label, problem: problem) }

    /// Checks the number of inputs present (`required` leading ones must be non-empty).
    private func expectInputs(_ required: Int, optional: Int = 0) throws(GraphError) {
        let count = inputTypes.count
        guard count >= required && count <= required + optional else {
            let expected = optional == 0 ? "\(required)" : "\(required)–\(required + optional)"
            throw .arity(node: node.label, problem: "has \(count) inputs, \(node.op) takes \(expected)")
        }
        for index in 0..<required where inputTypes[index] == nil {
            throw .arity(node: node.label, problem: "input \(index) is required")
        }
    }

    private func input(_ index: Int) -> TensorType? {
        index < inputTypes.count ? inputTypes[index] : nil
    }

    private func requireFloat(_ index: Int, _ role: String) throws(GraphError) -> TensorType {
        let type = input(index)!
        guard type.elementType == .float32 else {
            throw .elementType(node: node.label, problem: "\(role) must be float32, got \(type.elementType)")
        }
        return type
    }

    private func requireRank(_ type: TensorType, _ rank: Int, _ role: String) throws(GraphError) {
        guard type.shape.rank == rank else {
            throw shapeError("\(role) must have rank \(rank), got \(type.shape)")
        }
    }

    // MARK: Operators

    private func conv() throws(GraphError) -> TensorType {
        try expectInputs(2, optional: 1)
        let x = try requireFloat(0, "input X")
        let w = try requireFloat(1, "weight W")
        try requireRank(x, 4, "input X")
        try requireRank(w, 4, "weight W")
        let group = try node.int("group", default: 1)
        guard group >= 1 else {
            throw .attribute(node: node.label, name: "group", problem: "must be ≥ 1, got \(group)")
        }
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let cout = w.shape[0]
        guard w.shape[1] * group == c else {
            throw shapeError(
                "weight \(w.shape) with group \(group) expects \(w.shape[1] * group) input channels, X \(x.shape) has \(c)"
            )
        }
        guard cout % group == 0 else {
            throw shapeError("\(cout) output channels are not divisible by group \(group)")
        }
        if let b = input(2) {
            guard b.elementType == .float32 else {
                throw .elementType(node: node.label, problem: "bias B must be float32, got \(b.elementType)")
            }
            guard b.shape == [cout] else { throw shapeError("bias B must be [\(cout)], got \(b.shape)") }
        }
        let window = try WindowAttributes(node: node, kernelShape: [w.shape[2], w.shape[3]])
        guard let out = window.outputSize(height: h, width: wd) else {
            throw shapeError("kernel \(window.kernelShape) does not fit input \(x.shape) with pads \(window.pads)")
        }
        return TensorType(.float32, [n, cout, out.height, out.width])
    }

    private func batchNormalization() throws(GraphError) -> TensorType {
        try expectInputs(5)
        let x = try requireFloat(0, "input X")
        guard x.shape.rank >= 2 else { throw shapeError("input X must have rank ≥ 2, got \(x.shape)") }
        let channels = x.shape[1]
        for (index, role) in [(1, "scale"), (2, "B"), (3, "mean"), (4, "var")] {
            let t = try requireFloat(index, role)
            guard t.shape == [channels] else {
                throw shapeError("\(role) must be [\(channels)] for X \(x.shape), got \(t.shape)")
            }
        }
        let epsilon = try node.float("epsilon", default: 1e-5)
        guard epsilon > 0 else {
            throw .attribute(node: node.label, name: "epsilon", problem: "must be > 0, got \(epsilon)")
        }
        return x
    }

    private func unary(floatOnly: Bool) throws(GraphError) -> TensorType {
        try expectInputs(1)
        return floatOnly ? try requireFloat(0, "input X") : input(0)!
    }

    private func pool() throws(GraphError) -> TensorType {
        try expectInputs(1)
        let x = try requireFloat(0, "input X")
        try requireRank(x, 4, "input X")
        let window = try WindowAttributes(node: node)
        guard
            window.pads[0] < window.kernelShape[0] && window.pads[2] < window.kernelShape[0]
                && window.pads[1] < window.kernelShape[1] && window.pads[3] < window.kernelShape[1]
        else {
            throw .attribute(
                node: node.label, name: "pads",
                problem: "\(window.pads) must be smaller than the kernel \(window.kernelShape)")
        }
        guard let out = window.outputSize(height: x.shape[2], width: x.shape[3]) else {
            throw shapeError("kernel \(window.kernelShape) does not fit input \(x.shape)")
        }
        return TensorType(.float32, [x.shape[0], x.shape[1], out.height, out.width])
    }

    private func globalAveragePool() throws(GraphError) -> TensorType {
        try expectInputs(1)
        let x = try requireFloat(0, "input X")
        try requireRank(x, 4, "input X")
        return TensorType(.float32, [x.shape[0], x.shape[1], 1, 1])
    }

    private func flatten() throws(GraphError) -> TensorType {
        try expectInputs(1)
        let x = input(0)!
        let rank = x.shape.rank
        var axis = try node.int("axis", default: 1)
        guard axis >= -rank && axis <= rank else {
            throw .attribute(node: node.label, name: "axis", problem: "\(axis) is out of range for rank \(rank)")
        }
        if axis < 0 { axis += rank }
        let outer = x.shape.dims[..<axis].reduce(1, *)
        let inner = x.shape.dims[axis...].reduce(1, *)
        return TensorType(x.elementType, [outer, inner])
    }

    private func reshape() throws(GraphError) -> TensorType {
        try expectInputs(2)
        let x = input(0)!
        guard let target = graph.initializers[node.inputs[1]]?.integerValues else {
            throw .notConstant(node: node.label, input: node.inputs[1])
        }
        var dims = [Int]()
        var inferredAxis: Int?
        for (axis, value) in target.enumerated() {
            switch value {
            case -1:
                guard inferredAxis == nil else { throw shapeError("shape \(target) has more than one -1") }
                inferredAxis = axis
                dims.append(1)
            case 0:
                guard axis < x.shape.rank else {
                    throw shapeError("shape \(target) copies axis \(axis) that X \(x.shape) lacks")
                }
                dims.append(x.shape[axis])
            case 1...: dims.append(value)
            default: throw shapeError("shape \(target) has a negative dimension")
            }
        }
        // The target comes from the file: its product can overflow (found by the onnx fuzzer).
        guard let known = CheckedSize.product(dims), known <= CheckedSize.limit else {
            throw shapeError("shape \(target) has more elements than any tensor may hold")
        }
        if let inferredAxis {
            guard known > 0 && x.shape.elementCount % known == 0 else {
                throw shapeError("cannot reshape X \(x.shape) to \(target)")
            }
            dims[inferredAxis] = x.shape.elementCount / known
        }
        guard CheckedSize.product(dims) == x.shape.elementCount else {
            throw shapeError("cannot reshape X \(x.shape) (\(x.shape.elementCount) elements) to \(target)")
        }
        return TensorType(x.elementType, Shape(dims))
    }

    private func gemm() throws(GraphError) -> TensorType {
        try expectInputs(2, optional: 1)
        let a = try requireFloat(0, "input A")
        let b = try requireFloat(1, "input B")
        try requireRank(a, 2, "input A")
        try requireRank(b, 2, "input B")
        let transA = try node.int("transA", default: 0) != 0
        let transB = try node.int("transB", default: 0) != 0
        let (m, k) = transA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (kb, n) = transB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        guard k == kb else {
            throw shapeError(
                "A \(a.shape)\(transA ? "ᵀ" : "") and B \(b.shape)\(transB ? "ᵀ" : "") disagree on K (\(k) vs \(kb))")
        }
        if input(2) != nil {
            let c = try requireFloat(2, "input C")
            guard Self.broadcast(c.shape, [m, n]) == [m, n] else {
                throw shapeError("C \(c.shape) does not broadcast to [\(m),\(n)]")
            }
        }
        return TensorType(.float32, [m, n])
    }

    private func matMul() throws(GraphError) -> TensorType {
        try expectInputs(2)
        let a = try requireFloat(0, "input A")
        let b = try requireFloat(1, "input B")
        try requireRank(a, 2, "input A")
        try requireRank(b, 2, "input B")
        guard a.shape[1] == b.shape[0] else { throw shapeError("A \(a.shape) and B \(b.shape) disagree on K") }
        return TensorType(.float32, [a.shape[0], b.shape[1]])
    }

    private func broadcastBinary() throws(GraphError) -> TensorType {
        try expectInputs(2)
        let a = input(0)!
        let b = input(1)!
        guard a.elementType == b.elementType else {
            throw .elementType(
                node: node.label, problem: "inputs differ in element type (\(a.elementType) vs \(b.elementType))")
        }
        guard let shape = Self.broadcast(a.shape, b.shape) else {
            throw shapeError("shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        return TensorType(a.elementType, shape)
    }

    private func clip() throws(GraphError) -> TensorType {
        try expectInputs(1, optional: 2)
        let x = try requireFloat(0, "input X")
        for (index, role) in [(1, "min"), (2, "max")] where input(index) != nil {
            // Engines read the bounds once, when they prepare the graph.
            guard graph.initializers[node.inputs[index]] != nil else {
                throw .notConstant(node: node.label, input: node.inputs[index])
            }
            let bound = try requireFloat(index, role)
            guard bound.shape.elementCount == 1 && bound.shape.rank <= 1 else {
                throw shapeError("\(role) must be a scalar, got \(bound.shape)")
            }
        }
        return x
    }

    private func pad() throws(GraphError) -> TensorType {
        try expectInputs(2, optional: 2)
        let x = input(0)!
        for index in [1, 3] where input(index) != nil {
            guard [.int64, .int32].contains(input(index)!.elementType) else {
                throw .elementType(
                    node: node.label, problem: "input \(index) must be int64, got \(input(index)!.elementType)")
            }
        }
        if let value = input(2), value.elementType != x.elementType {
            throw .elementType(
                node: node.label, problem: "constant_value is \(value.elementType) but data is \(x.elementType)")
        }
        let pads = try PadAttributes(node: node, graph: graph, rank: x.shape.rank)
        var dims: [Int] = []
        for axis in 0..<x.shape.rank {
            let (b, e) = (pads.begins[axis], pads.ends[axis])
            // Pads may be negative (cropping); bounded first so the sum cannot overflow.
            guard (-CheckedSize.limit...CheckedSize.limit).contains(b),
                (-CheckedSize.limit...CheckedSize.limit).contains(e),
                case let dim = x.shape[axis] + b + e,
                dim >= 1, dim <= CheckedSize.limit
            else {
                throw shapeError(
                    "pads \(pads.begins)/\(pads.ends) leave axis \(axis) of \(x.shape) empty or too large")
            }
            dims.append(dim)
        }
        guard CheckedSize.product(dims).map({ $0 <= CheckedSize.limit }) == true else {
            throw shapeError("the output \(dims) has more elements than any tensor may hold")
        }
        return TensorType(x.elementType, Shape(dims))
    }

    private func concat() throws(GraphError) -> TensorType {
        guard !inputTypes.isEmpty, inputTypes.allSatisfy({ $0 != nil }) else {
            throw .arity(node: node.label, problem: "needs one or more inputs, none omitted")
        }
        let first = input(0)!
        let rank = first.shape.rank
        let axis = try node.int("axis")
        guard axis >= -rank && axis < rank else {
            throw .attribute(node: node.label, name: "axis", problem: "\(axis) is out of range for rank \(rank)")
        }
        let normalized = axis < 0 ? axis + rank : axis
        var total = 0
        for case let type? in inputTypes {
            guard type.elementType == first.elementType else {
                throw .elementType(
                    node: node.label,
                    problem: "inputs differ in element type (\(first.elementType) vs \(type.elementType))")
            }
            guard type.shape.rank == rank,
                (0..<rank).allSatisfy({ $0 == normalized || type.shape[$0] == first.shape[$0] })
            else {
                throw shapeError("input \(type.shape) does not concatenate with \(first.shape) along axis \(axis)")
            }
            guard let sum = CheckedSize.sum(total, type.shape[normalized]) else {
                throw shapeError("the axis-\(axis) dims overflow")
            }
            total = sum
        }
        var dims = first.shape.dims
        dims[normalized] = total
        guard CheckedSize.product(dims).map({ $0 <= CheckedSize.limit }) == true else {
            throw shapeError("the output \(dims) has more elements than any tensor may hold")
        }
        return TensorType(first.elementType, Shape(dims))
    }

    private func transpose() throws(GraphError) -> TensorType {
        try expectInputs(1)
        let x = input(0)!
        let rank = x.shape.rank
        let perm = try node.ints("perm", default: Array((0..<rank).reversed()))
        guard perm.count == rank, Set(perm) == Set(0..<rank) else {
            throw .attribute(
                node: node.label, name: "perm",
                problem: "\(perm) is not a permutation of the \(rank) axes of \(x.shape)")
        }
        return TensorType(x.elementType, Shape(perm.map { x.shape[$0] }))
    }

    private func softmax() throws(GraphError) -> TensorType {
        try expectInputs(1)
        let x = try requireFloat(0, "input X")
        let axis = try node.int("axis", default: -1)
        guard axis >= -x.shape.rank && axis < max(x.shape.rank, 1) else {
            throw .attribute(
                node: node.label, name: "axis", problem: "\(axis) is out of range for rank \(x.shape.rank)")
        }
        return x
    }

    /// Checks scale and zero point of a Q/DQ node against X and returns the zero point's type.
    private func quantizationOperands(_ x: TensorType) throws(GraphError) -> ElementType? {
        let scale = try requireFloat(1, "scale")
        let axis = try node.int("axis", default: 1)
        if scale.shape.rank == 1 && scale.shape[0] != 1 {
            let normalized = axis < 0 ? axis + x.shape.rank : axis
            guard normalized >= 0 && normalized < x.shape.rank else {
                throw .attribute(
                    node: node.label, name: "axis", problem: "\(axis) is out of range for rank \(x.shape.rank)")
            }
            guard scale.shape[0] == x.shape[normalized] else {
                throw shapeError("per-axis scale \(scale.shape) does not match X \(x.shape) along axis \(normalized)")
            }
        } else if scale.shape.elementCount != 1 {
            throw shapeError("scale must be a scalar or 1-D, got \(scale.shape)")
        }
        guard let zeroPoint = input(2) else { return nil }
        guard zeroPoint.shape == scale.shape || (zeroPoint.shape.elementCount == 1 && scale.shape.elementCount == 1)
        else {
            throw shapeError("zero_point \(zeroPoint.shape) must match scale \(scale.shape)")
        }
        return zeroPoint.elementType
    }

    private func quantizeLinear() throws(GraphError) -> TensorType {
        try expectInputs(2, optional: 1)
        let x = try requireFloat(0, "input x")
        let outType = try quantizationOperands(x) ?? .uint8
        guard outType == .int8 || outType == .uint8 else {
            throw .elementType(node: node.label, problem: "zero_point must be int8 or uint8, got \(outType)")
        }
        return TensorType(outType, x.shape)
    }

    private func dequantizeLinear() throws(GraphError) -> TensorType {
        try expectInputs(2, optional: 1)
        let x = input(0)!
        guard [.int8, .uint8, .int32].contains(x.elementType) else {
            throw .elementType(node: node.label, problem: "input x must be int8, uint8 or int32, got \(x.elementType)")
        }
        if let zeroType = try quantizationOperands(x), zeroType != x.elementType {
            throw .elementType(node: node.label, problem: "zero_point is \(zeroType) but x is \(x.elementType)")
        }
        return TensorType(.float32, x.shape)
    }

    /// Numpy broadcast of two shapes, or nil when they are incompatible.
    static func broadcast(_ a: Shape, _ b: Shape) -> Shape? {
        let rank = max(a.rank, b.rank)
        var dims = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.rank ? 1 : a[i - (rank - a.rank)]
            let db = i < rank - b.rank ? 1 : b[i - (rank - b.rank)]
            guard da == db || da == 1 || db == 1 else { return nil }
            dims[i] = da == 1 ? db : da
        }
        return Shape(dims)
    }
}
