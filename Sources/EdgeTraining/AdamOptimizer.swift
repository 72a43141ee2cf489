import EdgeTensor

/// Adam with decoupled weight decay (AdamW, Loshchilov & Hutter), PyTorch's update rule.
public struct AdamOptimizer: Sendable {
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    /// Decoupled decay applied to parameters whose `decays` is true.
    public var weightDecay: Float
    /// Steps taken so far (for bias correction).
    public private(set) var step = 0

    public init(weightDecay: Float = 0) { self.weightDecay = weightDecay }

    /// Applies one update with `learningRate` to every parameter from its current gradient.
    public mutating func update(_ parameters: [Parameter], learningRate: Float) {
        step += 1
        let correction1 = 1 - Float.pow(beta1, step)
        let correction2 = 1 - Float.pow(beta2, step)
        let (beta1, beta2, epsilon) = (self.beta1, self.beta2, self.epsilon)
        for parameter in parameters {
            let decay = parameter.decays ? 1 - learningRate * weightDecay : 1
            parameter.gradient.withUnsafeBufferPointer { g in
                parameter.firstMoment.withUnsafeMutableBufferPointer { m in
                    parameter.secondMoment.withUnsafeMutableBufferPointer { v in
                        parameter.value.withUnsafeMutableBufferPointer { w in
                            for i in 0..<w.count {
                                m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                                let mHat = m[i] / correction1
                                let vHat = v[i] / correction2
                                w[i] = w[i] * decay - learningRate * mHat / (vHat.squareRoot() + epsilon)
                            }
                        }
                    }
                }
            }
        }
    }
}

extension Float {
    static func pow(_ base: Float, _ exponent: Int) -> Float {
        var result: Float = 1
        for _ in 0..<exponent { result *= base }
        return result
    }
}
