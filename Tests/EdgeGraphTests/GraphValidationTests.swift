import EdgeTensor
import Testing

@testable import EdgeGraph

@Suite("Graph validation")
struct GraphValidationTests {
    let digit = DigitCNN.graph(weights: DigitCNNWeights(seed: 3))

    /// Expects `graph` to fail validation with exactly `error`.
    func expectInvalid(_ graph: Graph, _ error: GraphError, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: error, sourceLocation: sourceLocation) { try graph.validate() }
    }

    @Test("an input nobody defines names the node and the value")
    func undefinedInput() {
        var graph = digit
        graph.nodes[4].inputs[0] = "pool9"
        expectInvalid(graph, .undefinedValue("pool9", node: "conv2 (Conv)"))
        #expect(
            GraphError.undefinedValue("pool9", node: "conv2 (Conv)").description
                == "node conv2 (Conv): input 'pool9' is not defined by a graph input, an initializer or an earlier node"
        )
    }

    @Test("nodes out of topological order are rejected")
    func order() {
        var graph = digit
        graph.nodes.swapAt(0, 1)
        expectInvalid(graph, .undefinedValue("conv1", node: "bn1 (BatchNormalization)"))
    }

    @Test("duplicate node names and duplicate values")
    func duplicates() {
        var graph = digit
        graph.nodes[2].name = "bn1"
        expectInvalid(graph, .duplicateNodeName("bn1"))
        graph = digit
        graph.nodes[2].outputs = ["conv1"]
        expectInvalid(graph, .duplicateValue("conv1", node: "relu1 (Relu)"))
    }

    @Test("a graph output nobody produces")
    func missingOutput() {
        var graph = digit
        graph.outputs = ["probabilities"]
        expectInvalid(graph, .undefinedGraphOutput("probabilities"))
    }

    @Test("conv weight with the wrong input channel count")
    func convChannels() {
        var graph = digit
        graph.setInitializer("conv2.weight", .float32(Tensor(shape: [64, 16, 3, 3])))
        expectInvalid(
            graph,
            .shape(
                node: "conv2 (Conv)",
                problem: "weight [64,16,3,3] with group 1 expects 16 input channels, X [1,32,14,14] has 32"))
    }

    @Test("conv bias of the wrong length and int8 weights without dequantization")
    func convOperands() {
        var graph = digit
        graph.setInitializer("conv1.bias", .float32(Tensor(shape: [31])))
        expectInvalid(graph, .shape(node: "conv1 (Conv)", problem: "bias B must be [32], got [31]"))
        graph = digit
        graph.setInitializer("conv1.weight", .int8(Tensor(shape: [32, 1, 3, 3])))
        expectInvalid(graph, .elementType(node: "conv1 (Conv)", problem: "weight W must be float32, got int8"))
    }

    @Test("gemm whose K disagrees with the flattened features")
    func gemmK() {
        var graph = digit
        graph.setInitializer("fc1.weight", .float32(Tensor(shape: [80, 3137])))
        expectInvalid(
            graph, .shape(node: "fc1 (Gemm)", problem: "A [1,3136] and B [80,3137]ᵀ disagree on K (3136 vs 3137)"))
    }

    @Test("batch norm statistics of the wrong length")
    func batchNormShape() {
        var graph = digit
        graph.setInitializer("bn2.running_var", .float32(Tensor(shape: [32])))
        expectInvalid(
            graph, .shape(node: "bn2 (BatchNormalization)", problem: "var must be [64] for X [1,64,14,14], got [32]"))
    }

    @Test("attributes of the wrong kind, length or value")
    func attributes() {
        var graph = digit
        graph.nodes[3].attributes["kernel_shape"] = .int(2)
        expectInvalid(
            graph,
            .attribute(node: "pool1 (MaxPool)", name: "kernel_shape", problem: "must be a list of integers, got 2"))
        graph = digit
        graph.nodes[0].attributes["pads"] = .ints([1, 1])
        expectInvalid(
            graph, .attribute(node: "conv1 (Conv)", name: "pads", problem: "needs 4 values for 2-D, got [1, 1]"))
        graph = digit
        graph.nodes[0].attributes["kernel_shape"] = .ints([5, 5])
        expectInvalid(
            graph,
            .attribute(
                node: "conv1 (Conv)", name: "kernel_shape", problem: "is [5, 5] but the weight's kernel is [3, 3]"))
        graph = digit
        graph.nodes[3].attributes["kernel_shape"] = nil
        expectInvalid(graph, .attribute(node: "pool1 (MaxPool)", name: "kernel_shape", problem: "is required"))
    }

    @Test("wrong number of inputs")
    func arity() {
        var graph = digit
        graph.nodes[2].inputs.append("bn1")
        expectInvalid(graph, .arity(node: "relu1 (Relu)", problem: "has 2 inputs, Relu takes 1"))
    }

    @Test("a kernel larger than its input")
    func kernelTooLarge() {
        let graph = Graph(
            name: "tiny", inputs: [ValueInfo(name: "x", type: TensorType(.float32, [1, 1, 2, 2]))], outputs: ["y"],
            nodes: [
                Node(
                    name: "pool", op: .maxPool, inputs: ["x"], outputs: ["y"],
                    attributes: ["kernel_shape": .ints([3, 3])])
            ])
        expectInvalid(graph, .shape(node: "pool (MaxPool)", problem: "kernel [3, 3] does not fit input [1,1,2,2]"))
    }
}
