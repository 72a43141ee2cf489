/// The operators a graph may contain. Raw values are the ONNX operator names, so graphs read
/// from ONNX files map one to one; semantics follow the ONNX operator specification (opset 13+)
/// restricted to what `Graph.inferTypes()` documents per operator.
public enum OpType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// 2-D convolution, NCHW. Inputs: X, W `[Cout, Cin/group, kH, kW]`, optional B `[Cout]`.
    /// Attributes: `kernel_shape`, `strides`, `pads` (top, left, bottom, right), `dilations`,
    /// `group`.
    case conv = "Conv"
    /// Inference-form batch normalization over axis 1. Inputs: X, scale, B, mean, var.
    /// Attribute: `epsilon` (default 1e-5).
    case batchNormalization = "BatchNormalization"
    case relu = "Relu"
    /// 2-D max pooling. Attributes: `kernel_shape`, `strides`, `pads`, `ceil_mode`.
    case maxPool = "MaxPool"
    /// 2-D average pooling (padding excluded from the count). Same attributes as MaxPool.
    case averagePool = "AveragePool"
    /// Mean over each channel's spatial extent: `[N,C,H,W]` → `[N,C,1,1]`.
    case globalAveragePool = "GlobalAveragePool"
    /// Collapses to rank 2 around `axis` (default 1), row-major (PyTorch's flatten order).
    case flatten = "Flatten"
    /// Reshape to the shape given by a constant int64 second input (0 copies, -1 infers).
    case reshape = "Reshape"
    /// `alpha·A'·B' + beta·C` with optional transposes `transA`, `transB`; C broadcasts.
    case gemm = "Gemm"
    /// Rank-2 matrix product `A·B`.
    case matMul = "MatMul"
    /// Element-wise sum with numpy broadcasting.
    case add = "Add"
    /// Softmax along `axis` (default -1).
    case softmax = "Softmax"
    /// Output equals input.
    case identity = "Identity"
    /// Float → int8/uint8: `saturate(round(x / scale) + zero_point)`. Inputs: x, scale, zero_point.
    case quantizeLinear = "QuantizeLinear"
    /// int8/uint8/int32 → float: `(x − zero_point)·scale`. Inputs: x, scale, optional zero_point.
    case dequantizeLinear = "DequantizeLinear"

    public var description: String { rawValue }
}
