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
    /// `max(x, 0)`.
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
    /// Element-wise product with numpy broadcasting.
    case mul = "Mul"
    /// Clamps X to `[min, max]`. Inputs: X, optional min and max — float scalars that must be
    /// constant (initializers); an omitted bound is unbounded (opset 11+; the opset-6 attribute
    /// form is not read).
    case clip = "Clip"
    /// `x ≥ 0 ? x : alpha·x`. Attribute: `alpha` (default 0.01).
    case leakyRelu = "LeakyRelu"
    /// The logistic function `1 / (1 + e^−x)`.
    case sigmoid = "Sigmoid"
    /// `max(0, min(1, alpha·x + beta))`. Attributes: `alpha` (default 0.2), `beta` (default 0.5).
    case hardSigmoid = "HardSigmoid"
    /// `x · max(0, min(1, x/6 + 1/2))` (opset 14+).
    case hardSwish = "HardSwish"
    /// Pads (or, with negative pads, crops) every axis. Inputs: data, pads (constant int64,
    /// begins then ends), optional constant_value (constant scalar, default 0), optional axes
    /// (constant int64, opset 18+). Attribute: `mode` (`constant`, `reflect`, `edge`, `wrap`).
    case pad = "Pad"
    /// Concatenation of one or more inputs of equal rank and element type along `axis`
    /// (required; negative counts from the end); the other dims must agree.
    case concat = "Concat"
    /// Permutes the axes: output axis i is input axis `perm[i]` (default: reversed).
    case transpose = "Transpose"
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
