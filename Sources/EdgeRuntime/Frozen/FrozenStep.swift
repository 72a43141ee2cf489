import EdgeKernels
import EdgeTensor

/// Where a value of a frozen plan lives while the plan runs.
enum FrozenLocation: Sendable, Hashable {
    /// A float offset in the context's arena (activations, graph inputs and outputs).
    case arena(Int)
    /// A float offset in the plan's weight pool (folded and prepared constants).
    case weights(Int)
}

/// One kernel call of a frozen plan, with every size decided at compile time: the plan runs
/// a flat array of these, no graph, no shapes, no allocation.
struct FrozenStep: Sendable {
    enum Kernel: Sendable {
        /// Operands: input, weight OIHW, optional bias, optional residual (added before the
        /// activation: a fused Conv+Add).
        case conv(Conv2DGeometry, FusedActivation)
        /// A 3×3 stride-1 conv as Winograd F(2×2,3×3). Operands: input, the weights transformed
        /// at compile time (`Conv2DWinograd.packWeights`), optional bias, optional residual.
        /// `pooled`: a 2×2 stride-2 max pool fused into the output (one result per tile).
        case winograd(Conv2DWinograd, FusedActivation, pooled: Bool)
        /// A 3×3 stride-1 conv with few input channels, computed directly
        /// (`Conv2DDirect3x3`). Operands: input, weight OIHW, optional bias. `pooled` as for
        /// Winograd.
        case direct(Conv2DDirect3x3, FusedActivation, pooled: Bool)
        /// A BatchNormalization no convolution absorbed: `x·multiplier[c] + offset[c]`.
        /// Operands: input, multiplier, offset.
        case affine(batch: Int, channels: Int, spatial: Int)
        case relu(count: Int)
        case maxPool(Pool2DGeometry)
        case averagePool(Pool2DGeometry, countIncludePad: Bool)
        case globalAveragePool(batch: Int, channels: Int, spatial: Int)
        /// Operands: input, weight `[out, in]`, optional bias.
        case linear(batch: Int, inFeatures: Int, outFeatures: Int, FusedActivation)
        /// Operands: a, b (numpy broadcasting as the geometry says).
        case add(BroadcastGeometry)
        case mul(BroadcastGeometry)
        case clip(count: Int, lower: Float, upper: Float)
        case leakyRelu(count: Int, alpha: Float)
        case sigmoid(count: Int)
        case hardSigmoid(count: Int, alpha: Float, beta: Float)
        case hardSwish(count: Int)
        case pad(PadGeometry, value: Float)
        /// Operands: every input, in order.
        case concat(ConcatGeometry)
        case transpose(TransposeGeometry)
        case softmax(rows: Int, columns: Int)
    }

    /// The graph nodes this step computes, joined by `+` (`conv1+relu1`).
    let name: String
    /// Their operators, joined the same way (`Conv+Relu`).
    let op: String
    let kernel: Kernel
    /// One per kernel operand, in the order the kernel documents; nil for an absent optional one.
    let operands: [FrozenLocation?]
    let output: FrozenLocation
    /// Shape of what the step writes.
    let outputShape: Shape
    /// The graph nodes the step computes.
    let nodes: [String]

    /// A convolution's fused residual operand (its fourth), if any.
    var residual: FrozenLocation? { operands.count > 3 ? operands[3] : nil }
}
