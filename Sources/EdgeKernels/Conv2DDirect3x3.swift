#if canImport(EdgeKernelsAVX2)
    import EdgeKernelsAVX2
#endif
#if canImport(CEdgeAVX512)
    import CEdgeAVX512
#endif

/// Direct 3×3 stride-1 convolution for the layers Winograd does not pay for: few input channels
/// (DigitCNN's conv1 has one), where Winograd's transforms cost more than the multiplies they
/// save and im2col copies nine times the input. Each output vector of eight columns is nine
/// broadcast multiply-adds per input channel over a zero-padded copy of the input, two output
/// channels × two rows × sixteen columns at a time, so each loaded input vector feeds four of
/// them (on the avx512 path, C with 16-wide vectors: four channels × two rows × 32 columns). Bias, ReLU and a 2×2 stride-2 max pool run in the epilogue: the unpooled activation is
/// never written.
///
/// Layouts: input and output NCHW as `Conv2DGeometry` says, weight OIHW as the model holds it
/// (no packing: each tap is a scalar broadcast). Scratch (``scratchCount``) holds the padded
/// input `[Cin][paddedHeight][paddedWidth]`, so a call allocates nothing.
public struct Conv2DDirect3x3: Sendable, Hashable {
    public let geometry: Conv2DGeometry
    /// Rows and row stride of the padded copy: every block's loads stay inside it.
    let paddedHeight: Int
    let paddedWidth: Int

    /// Nil unless the geometry is a 3×3, stride-1, undilated, ungrouped convolution.
    public init?(_ g: Conv2DGeometry) {
        let p = g.parameters
        guard g.kernelHeight == 3, g.kernelWidth == 3, p.strideHeight == 1, p.strideWidth == 1,
            p.dilationHeight == 1, p.dilationWidth == 1, p.groups == 1
        else { return nil }
        geometry = g
        paddedHeight = (g.outHeight + 1) / 2 * 2 + 2
        // Whole 32-column blocks (the AVX-512 kernel's) and the two columns the last one reads past.
        paddedWidth = (g.outWidth + 31) / 32 * 32 + 8
    }

    /// Floats of scratch one call needs.
    public var scratchCount: Int { geometry.inChannels * paddedHeight * paddedWidth }

    /// Whether a 2×2 stride-2 max pool can run in the epilogue (even output size).
    public var canFuseMaxPool2x2: Bool { geometry.outHeight % 2 == 0 && geometry.outWidth % 2 == 0 }

    /// `output = activation(conv(input, weight) + bias + residual)`: ReLU inside the kernel's
    /// store, the other activations and a residual (`geometry.outputCount` floats, not
    /// overlapping `output`) right after it. No allocation.
    /// With `maxPool2x2` (ReLU or no activation, no residual) the 2×2 stride-2 max pool follows.
    public func forward(
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>?,
        activation: FusedActivation, maxPool2x2: Bool = false, path: KernelPath = .current
    ) {
        let native = residual == nil && activation.isNativeEpilogue
        precondition(native || !maxPool2x2, "a fused pool takes ReLU or no activation, and no residual")
        forward(
            input: input, weight: weight, bias: bias, output: output, scratch: scratch,
            relu: native && activation == .relu, maxPool2x2: maxPool2x2, path: path)
        if !native { activation.apply(count: geometry.outputCount, output: output, residual: residual) }
    }

    /// `output = maxPool2x2?(relu?(conv(input, weight) + bias))`.
    public func forward(
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>, relu: Bool,
        maxPool2x2: Bool = false, path: KernelPath = .current
    ) {
        precondition(!maxPool2x2 || canFuseMaxPool2x2, "direct conv: a fused 2x2 pool needs an even output size")
        let g = geometry
        let (cin, cout) = (g.inChannels, g.outChannels)
        let outPlane = maxPool2x2 ? (g.outHeight / 2) * (g.outWidth / 2) : g.outSpatial
        for n in 0..<g.batch {
            let out = output + n * cout * outPlane
            #if canImport(CEdgeAVX512)
                if path == .avx512 {
                    pad(input + n * cin * g.inSpatial, into: scratch, split: false)
                    edge_avx512_direct_conv3x3(
                        scratch, Int64(paddedWidth), Int64(paddedHeight), Int64(cin), weight, bias, Int64(cout),
                        Int64(g.outHeight), Int64(g.outWidth), relu ? 1 : 0, maxPool2x2 ? 1 : 0, out)
                    continue
                }
            #endif
            pad(input + n * cin * g.inSpatial, into: scratch, split: maxPool2x2)
            #if canImport(EdgeKernelsAVX2)
                if path != .portable {
                    edgeAVX2DirectConv3x3(
                        padded: scratch, paddedWidth: paddedWidth, paddedHeight: paddedHeight, cin: cin,
                        weight: weight, bias: bias, cout: cout, outHeight: g.outHeight, outWidth: g.outWidth,
                        relu: relu, pooled: maxPool2x2, output: out)
                    continue
                }
            #endif
            directConv3x3(
                padded: scratch, paddedWidth: paddedWidth, paddedHeight: paddedHeight, cin: cin, weight: weight,
                bias: bias, cout: cout, outHeight: g.outHeight, outWidth: g.outWidth, relu: relu,
                pooled: maxPool2x2, output: out)
        }
    }

    /// The image copied into zeros at `(padTop, padLeft)` of each channel's padded plane; with
    /// `split`, each padded row is stored as its even columns then its odd ones (half a row each).
    func pad(_ input: UnsafePointer<Float>, into padded: UnsafeMutablePointer<Float>, split: Bool) {
        let g = geometry
        padded.update(repeating: 0, count: scratchCount)
        let (top, left, half) = (g.parameters.padTop, g.parameters.padLeft, paddedWidth / 2)
        for ci in 0..<g.inChannels {
            for y in 0..<g.inHeight {
                let row = padded + (ci * paddedHeight + top + y) * paddedWidth
                let source = input + (ci * g.inHeight + y) * g.inWidth
                if split {
                    for x in 0..<g.inWidth {
                        let column = left + x
                        row[(column & 1) * half + column >> 1] = source[x]
                    }
                } else {
                    (row + left).update(from: source, count: g.inWidth)
                }
            }
        }
    }
}

// The portable loop; EdgeKernelsAVX2/DirectConvAVX2.swift is its twin with fused multiply-adds.

private typealias V8 = SIMD8<Float>

@inline(__always)
private func load(_ p: UnsafePointer<Float>) -> V8 { UnsafeRawPointer(p).loadUnaligned(as: V8.self) }

/// `acc + w[0]·v0 + w[1]·v1 + w[2]·v2` (separate multiplies and adds: without FMA in the
/// target, a fused multiply-add would be a library call per lane).
@inline(__always)
private func tap(_ acc: V8, _ w: UnsafePointer<Float>, _ v0: V8, _ v1: V8, _ v2: V8) -> V8 {
    acc + v0 * V8(repeating: w[0]) + v1 * V8(repeating: w[1]) + v2 * V8(repeating: w[2])
}

/// The 8 accumulators of one block: output channels `co`, `co + 1` × output rows `y0`, `y0 + 1` ×
/// columns `x0 ..< x0 + 16`, from the zero-padded input (`[cin][paddedHeight][paddedWidth]`,
/// output `(y, x)` reads rows `y ..< y + 3` and columns `x ..< x + 3`).
///
/// `taps` are the offsets, from a row's column `x0`, of the three vectors column block 0 multiplies
/// by kernel columns 0, 1, 2, then block 1's: `(0, 1, 2, 8, 9, 10)` for an interleaved row; on a
/// row split into even and odd columns (`half` floats each) block 0 is the even output columns and
/// block 1 the odd ones, `(0, half, 1, half, 1, half + 1)` with `x0` a pooled column.
@inline(__always)
private func block(
    padded: UnsafePointer<Float>, paddedWidth pw: Int, plane: Int, cin: Int, weight: UnsafePointer<Float>,
    co: Int, co1: Int, y0: Int, x0: Int, taps t: (Int, Int, Int, Int, Int, Int)
) -> (V8, V8, V8, V8, V8, V8, V8, V8) {
    // a<channel><row><column block>
    var (a000, a001, a010, a011) = (V8(), V8(), V8(), V8())
    var (a100, a101, a110, a111) = (V8(), V8(), V8(), V8())
    for ci in 0..<cin {
        let base = padded + ci * plane + y0 * pw + x0
        let w0 = weight + (co * cin + ci) * 9
        let w1 = weight + (co1 * cin + ci) * 9
        for r in 0..<4 {
            let row = base + r * pw
            let (p0, p1, p2) = (load(row + t.0), load(row + t.1), load(row + t.2))
            let (q0, q1, q2) = (load(row + t.3), load(row + t.4), load(row + t.5))
            if r < 3 {  // output row y0 uses kernel row r
                let (u, v) = (w0 + 3 * r, w1 + 3 * r)
                a000 = tap(a000, u, p0, p1, p2)
                a001 = tap(a001, u, q0, q1, q2)
                a100 = tap(a100, v, p0, p1, p2)
                a101 = tap(a101, v, q0, q1, q2)
            }
            if r > 0 {  // output row y0 + 1 uses kernel row r - 1
                let (u, v) = (w0 + 3 * (r - 1), w1 + 3 * (r - 1))
                a010 = tap(a010, u, p0, p1, p2)
                a011 = tap(a011, u, q0, q1, q2)
                a110 = tap(a110, v, p0, p1, p2)
                a111 = tap(a111, v, q0, q1, q2)
            }
        }
    }
    return (a000, a001, a010, a011, a100, a101, a110, a111)
}

/// Bias, then ReLU when asked (a NaN stays NaN).
@inline(__always)
private func finish(_ v: V8, _ bias: Float, _ relu: Bool) -> V8 {
    let biased = v + V8(repeating: bias)
    return relu ? biased.replacing(with: 0, where: biased .< 0) : biased
}

/// The lane-wise max (written out: the standard library's `pointwiseMax` is not inlined here
/// and costs a call per vector). Like the reference pool, a NaN does not win over a number.
@inline(__always)
private func maximum(_ a: V8, _ b: V8) -> V8 { a.replacing(with: b, where: b .> a) }

/// Stores the first `count` lanes of `v` at `p`.
@inline(__always)
private func store(_ v: V8, _ p: UnsafeMutablePointer<Float>, count: Int) {
    if count >= 8 {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V8.self)
    } else {
        for lane in 0..<count { p[lane] = v[lane] }
    }
}

/// The 2×2 max of two rows' even and odd columns: eight pooled columns.
@inline(__always)
private func pool(_ r0even: V8, _ r0odd: V8, _ r1even: V8, _ r1odd: V8) -> V8 {
    maximum(maximum(r0even, r1even), maximum(r0odd, r1odd))
}

/// Direct 3×3 stride-1 convolution of the zero-padded input (rows split into even and odd
/// columns when `pooled`, so the pool's horizontal max is a lane-wise one) into NCHW `output`
/// (`[cout][outHeight][outWidth]`, or `[cout][outHeight/2][outWidth/2]` when `pooled`):
/// + bias, ReLU when `relu`, then the 2×2 stride-2 max pool when `pooled`.
func directConv3x3(
    padded: UnsafePointer<Float>, paddedWidth: Int, paddedHeight: Int, cin: Int, weight: UnsafePointer<Float>,
    bias: UnsafePointer<Float>?, cout: Int, outHeight: Int, outWidth: Int, relu: Bool, pooled: Bool,
    output: UnsafeMutablePointer<Float>
) {
    let plane = paddedHeight * paddedWidth
    let half = paddedWidth / 2
    let (outH, outW) = pooled ? (outHeight / 2, outWidth / 2) : (outHeight, outWidth)
    var co = 0
    while co < cout {
        let co1 = min(co + 1, cout - 1)
        let (b0, b1) = (bias?[co] ?? 0, bias?[co1] ?? 0)
        let (out0, out1) = (output + co * outH * outW, output + co1 * outH * outW)
        var y0 = 0
        while y0 < outHeight {
            var x0 = 0
            while x0 < (pooled ? outW : outWidth) {
                // Two call sites, so that each inlined copy sees its offsets as constants.
                let a =
                    pooled
                    ? block(
                        padded: padded, paddedWidth: paddedWidth, plane: plane, cin: cin, weight: weight, co: co,
                        co1: co1, y0: y0, x0: x0, taps: (0, half, 1, half, 1, half + 1))
                    : block(
                        padded: padded, paddedWidth: paddedWidth, plane: plane, cin: cin, weight: weight, co: co,
                        co1: co1, y0: y0, x0: x0, taps: (0, 1, 2, 8, 9, 10))
                let (c000, c001, c010, c011) = (
                    finish(a.0, b0, relu), finish(a.1, b0, relu), finish(a.2, b0, relu), finish(a.3, b0, relu)
                )
                let (c100, c101, c110, c111) = (
                    finish(a.4, b1, relu), finish(a.5, b1, relu), finish(a.6, b1, relu), finish(a.7, b1, relu)
                )
                if pooled {
                    let (py, px) = (y0 / 2, x0)
                    let count = min(8, outW - px)
                    store(pool(c000, c001, c010, c011), out0 + py * outW + px, count: count)
                    store(pool(c100, c101, c110, c111), out1 + py * outW + px, count: count)
                } else {
                    let (left, right) = (min(8, outW - x0), min(8, outW - x0 - 8))
                    @inline(__always)
                    func row(_ y: Int, _ k0: V8, _ k1: V8, _ k2: V8, _ k3: V8) {
                        let offset = y * outW + x0
                        store(k0, out0 + offset, count: left)
                        if right > 0 { store(k1, out0 + offset + 8, count: right) }
                        store(k2, out1 + offset, count: left)
                        if right > 0 { store(k3, out1 + offset + 8, count: right) }
                    }
                    row(y0, c000, c001, c100, c101)
                    if y0 + 1 < outH { row(y0 + 1, c010, c011, c110, c111) }
                }
                x0 += pooled ? 8 : 16
            }
            y0 += 2
        }
        co += 2
    }
}
