/// Element-wise loops for activations and batch norm. Outputs may alias inputs element for
/// element; each call handles the tail with partial vectors.

/// `output[i] = max(input[i], 0)`.
@inline(never)
public func edgeAVX2ReLU(count: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
    var i = 0
    let zero = Vec8()
    while i + 8 <= count {
        store8(relu8(load8(input + i), zero), output + i)
        i += 8
    }
    if i < count { store8(relu8(load8(input + i, count: count - i), zero), output + i, count: count - i) }
}

/// `inputGradient[i] = input[i] > 0 ? outputGradient[i] : 0`.
@inline(never)
public func edgeAVX2ReLUBackward(count: Int, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                                 inputGradient: UnsafeMutablePointer<Float>) {
    var i = 0
    let zero = Vec8()
    while i < count {
        let n = min(8, count - i)
        let x = load8(input + i, count: n), dy = load8(outputGradient + i, count: n)
        store8(zero.replacing(with: dy, where: x .> zero), inputGradient + i, count: n)
        i += 8
    }
}

/// `output[i] = a[i] + b[i]`.
@inline(never)
public func edgeAVX2Add(count: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
    var i = 0
    while i + 8 <= count {
        store8(load8(a + i) + load8(b + i), output + i)
        i += 8
    }
    if i < count {
        let n = count - i
        store8(load8(a + i, count: n) + load8(b + i, count: n), output + i, count: n)
    }
}

/// `output[i] = input[i] * multiplier + offset`.
@inline(never)
public func edgeAVX2ScaleShift(count: Int, input: UnsafePointer<Float>, multiplier: Float, offset: Float,
                               output: UnsafeMutablePointer<Float>) {
    let m = Vec8(repeating: multiplier), o = Vec8(repeating: offset)
    var i = 0
    while i + 8 <= count {
        store8(o.addingProduct(load8(input + i), m), output + i)
        i += 8
    }
    if i < count {
        let n = count - i
        store8(o.addingProduct(load8(input + i, count: n), m), output + i, count: n)
    }
}

/// `Σ x[i]`.
@inline(never)
public func edgeAVX2Sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
    var s0 = Vec8(), s1 = Vec8()
    var i = 0
    while i + 16 <= count {
        s0 += load8(x + i)
        s1 += load8(x + i + 8)
        i += 16
    }
    while i < count {
        s0 += load8(x + i, count: count - i)
        i += 8
    }
    return horizontalSum(s0 + s1)
}

/// `Σ (x[i] − mean)²`.
@inline(never)
public func edgeAVX2CentredSquares(_ x: UnsafePointer<Float>, count: Int, mean: Float) -> Float {
    let mv = Vec8(repeating: mean)
    var s = Vec8()
    var i = 0
    while i < count {
        let n = min(8, count - i)
        // Lanes past the end load as 0 and would add mean²: subtract the mean only where loaded.
        let d = (load8(x + i, count: n) - mv).replacing(with: 0, where: Vec8.laneIndices .>= SIMD8(repeating: Int32(n)))
        s = s.addingProduct(d, d)
        i += 8
    }
    return horizontalSum(s)
}

/// `(Σ dy[i], Σ dy[i] · (x[i] − mean) · invStd)`.
@inline(never)
public func edgeAVX2GradientMoments(dy: UnsafePointer<Float>, x: UnsafePointer<Float>, count: Int,
                                    mean: Float, invStd: Float) -> (Float, Float) {
    let mv = Vec8(repeating: mean)
    var s = Vec8(), sx = Vec8()
    var i = 0
    while i < count {
        let n = min(8, count - i)
        let g = load8(dy + i, count: n)
        s += g
        sx = sx.addingProduct(g, load8(x + i, count: n) - mv)
        i += 8
    }
    return (horizontalSum(s), horizontalSum(sx) * invStd)
}

/// `output[i] = gain · (dy[i] − meanDy − (x[i] − mean) · invStd · meanDyXhat)`.
@inline(never)
public func edgeAVX2BatchNormInputGradient(count: Int, dy: UnsafePointer<Float>, x: UnsafePointer<Float>,
                                           mean: Float, invStd: Float, gain: Float, meanDy: Float,
                                           meanDyXhat: Float, output: UnsafeMutablePointer<Float>) {
    let mv = Vec8(repeating: mean), k = Vec8(repeating: invStd * meanDyXhat)
    let gv = Vec8(repeating: gain), md = Vec8(repeating: meanDy)
    var i = 0
    while i < count {
        let n = min(8, count - i)
        let centred = load8(x + i, count: n) - mv
        let inner = load8(dy + i, count: n) - md - centred * k
        store8(gv * inner, output + i, count: n)
        i += 8
    }
}

/// `max(x, 0)` per lane as compare + blend (the generic `pointwiseMax` compiles to scalar code).
@inline(__always)
func relu8(_ x: Vec8, _ zero: Vec8) -> Vec8 {
    x.replacing(with: zero, where: x .< zero)
}

extension SIMD8 where Scalar == Float {
    /// Lane numbers 0...7 as Int32.
    static var laneIndices: SIMD8<Int32> { SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) }
}
