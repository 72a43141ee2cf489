/// An activation applied to a kernel's output before it is stored (conv/linear epilogue).
///
/// ReLU is applied inside the SIMD GEMM's store; the others (and any activation after a fused
/// residual add) run over the call's output right after the GEMM wrote it, while it is still in
/// cache — one pass and no arena buffer for the unactivated value, instead of a separate step.
public enum FusedActivation: Sendable, Hashable {
    /// Store the result as is.
    case none
    /// Store `max(0, result)`.
    case relu
    /// Store `min(max(result, lower), upper)` (ReLU6 is `clip(0, 6)`).
    case clip(lower: Float, upper: Float)
    /// Store `result ≥ 0 ? result : alpha·result`.
    case leakyRelu(alpha: Float)
    /// Store `result · max(0, min(1, result/6 + 1/2))`.
    case hardSwish

    /// Whether the GEMM micro-kernels apply this activation in their store (none and ReLU).
    public var isNativeEpilogue: Bool { self == .none || self == .relu }

    /// The operator name a profile shows for the fused activation (`Relu`, `Clip`, …), nil for none.
    public var operatorName: String? {
        switch self {
        case .none: nil
        case .relu: "Relu"
        case .clip: "Clip"
        case .leakyRelu: "LeakyRelu"
        case .hardSwish: "HardSwish"
        }
    }

    /// One element.
    @inlinable
    public func callAsFunction(_ x: Float) -> Float {
        switch self {
        case .none: x
        case .relu: x < 0 ? 0 : x
        case .clip(let lower, let upper):
            // Comparisons with NaN are false, so NaN passes through (as Clip).
            {
                let raised = x < lower ? lower : x
                return raised > upper ? upper : raised
            }()
        case .leakyRelu(let alpha): x < 0 ? alpha * x : x
        case .hardSwish: HardSwish.value(x)
        }
    }

    /// `output[i] = self(output[i] + residual[i])` (`residual` nil: `self(output[i])`), in place.
    /// No allocation; `residual` must not overlap `output`.
    public func apply(count: Int, output: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>? = nil) {
        if let residual {
            for i in 0..<count { output[i] = self(output[i] + residual[i]) }
        } else if self != .none {
            for i in 0..<count { output[i] = self(output[i]) }
        }
    }
}
