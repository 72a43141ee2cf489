import EdgeTensor

extension Graph {
    /// Checks the graph and returns the static type of every value (inputs, initializers and
    /// node outputs), by name.
    ///
    /// Checks: unique node names; every value defined exactly once; nodes in topological order;
    /// per-operator arity, attributes, element types and shapes (see `OpType`); every graph
    /// output produced.
    /// - Throws: `GraphError` for the first problem found, naming the node and what is wrong.
    public func inferTypes() throws(GraphError) -> [String: TensorType] {
        var types: [String: TensorType] = [:]
        for input in inputs {
            guard types.updateValue(input.type, forKey: input.name) == nil else {
                throw .duplicateValue(input.name, node: nil)
            }
        }
        for name in initializerNames {
            guard types.updateValue(initializers[name]!.type, forKey: name) == nil else {
                throw .duplicateValue(name, node: nil)
            }
        }
        var nodeNames = Set<String>()
        for node in nodes {
            guard nodeNames.insert(node.name).inserted else { throw .duplicateNodeName(node.name) }
            var inputTypes: [TensorType?] = []
            for name in node.inputs {
                if name.isEmpty {
                    inputTypes.append(nil)
                    continue
                }
                guard let type = types[name] else { throw .undefinedValue(name, node: node.label) }
                inputTypes.append(type)
            }
            let context = NodeTypeInference(node: node, inputTypes: inputTypes, graph: self)
            let outputTypes = try context.infer()
            guard outputTypes.count == node.outputs.count else {
                throw .arity(
                    node: node.label,
                    problem: "has \(node.outputs.count) outputs, \(node.op) produces \(outputTypes.count)")
            }
            for (name, type) in zip(node.outputs, outputTypes) {
                guard types.updateValue(type, forKey: name) == nil else {
                    throw .duplicateValue(name, node: node.label)
                }
            }
        }
        for output in outputs where types[output] == nil {
            throw .undefinedGraphOutput(output)
        }
        return types
    }

    /// Checks the graph; see `inferTypes()`.
    /// - Throws: `GraphError` for the first problem found.
    public func validate() throws(GraphError) {
        _ = try inferTypes()
    }
}
