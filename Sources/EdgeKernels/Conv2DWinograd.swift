#if canImport(EdgeKernelsAVX2)
    import EdgeKernelsAVX2
#endif

/// Winograd F(2×2, 3×3) convolution (Lavin & Gray, 2016) for 3×3, stride-1, undilated,
/// ungrouped convolutions — 88% of DigitCNN's FLOPs. Each 2×2 output tile is computed from a 4×4
/// input tile with 16 multiplies per (input, output) channel pair instead of 36: the product
/// becomes 16 independent GEMMs of `[tiles × Cin] · [Cin × Cout]`, between an input and an
/// output transform that only add.
///
/// Layouts: input and output NCHW as `Conv2DGeometry` says; the weights are transformed once
/// (``packWeights(_:into:)``, `U = G·g·Gᵀ`) into `[16][Cin][Cout]`, the layout the GEMMs stream.
/// Scratch (``scratchCount``) holds the input staged channels-last with its padding, the
/// transformed input `V[16][tiles][Cin]` and the products `M[16][tiles][Cout]`, so a call
/// allocates nothing. The transforms run over contiguous channel vectors.
///
/// Accuracy: the transforms are exact in real arithmetic; in float they add rounding of the
/// order of a few ulps of the largest partial sums (measured against the direct convolution in
/// the tests, well inside the frozen engine's 1e-4 budget).
public struct Conv2DWinograd: Sendable, Hashable {
    public let geometry: Conv2DGeometry
    /// Output tiles per image row and column.
    public let tilesHigh: Int
    public let tilesWide: Int
    /// Staged (padded, tile-aligned) input size.
    let stagedHeight: Int
    let stagedWidth: Int

    /// Nil unless the geometry is a 3×3, stride-1, undilated, ungrouped convolution.
    public init?(_ g: Conv2DGeometry) {
        let p = g.parameters
        guard g.kernelHeight == 3, g.kernelWidth == 3, p.strideHeight == 1, p.strideWidth == 1,
            p.dilationHeight == 1, p.dilationWidth == 1, p.groups == 1
        else { return nil }
        geometry = g
        tilesHigh = (g.outHeight + 1) / 2
        tilesWide = (g.outWidth + 1) / 2
        stagedHeight = 2 * tilesHigh + 2
        stagedWidth = 2 * tilesWide + 2
    }

    public var tiles: Int { tilesHigh * tilesWide }
    /// Floats of transformed weights: `16 · Cin · Cout`.
    public var packedWeightCount: Int { 16 * geometry.inChannels * geometry.outChannels }
    var stagedCount: Int { stagedHeight * stagedWidth * geometry.inChannels }
    var transformedCount: Int { 16 * tiles * geometry.inChannels }
    var productCount: Int { 16 * tiles * geometry.outChannels }
    /// The results channels-last, `[tiles][4][Cout]`, before they are stored NCHW.
    var resultCount: Int { tiles * 4 * geometry.outChannels }
    /// Floats of scratch one call needs.
    public var scratchCount: Int { stagedCount + transformedCount + productCount + resultCount }

    /// `U[ξ][ci][co] = (G·g·Gᵀ)[ξ]` for every filter `g = weight[co][ci]` (OIHW).
    public func packWeights(_ weight: UnsafePointer<Float>, into packed: UnsafeMutablePointer<Float>) {
        let (cin, cout) = (geometry.inChannels, geometry.outChannels)
        for co in 0..<cout {
            for ci in 0..<cin {
                let g = weight + (co * cin + ci) * 9
                // G = [[1,0,0],[½,½,½],[½,−½,½],[0,0,1]]; first G·g (4×3), then (G·g)·Gᵀ (4×4).
                var t = [Float](repeating: 0, count: 12)
                for c in 0..<3 {
                    let (g0, g1, g2) = (g[c], g[3 + c], g[6 + c])
                    t[c] = g0
                    t[3 + c] = 0.5 * (g0 + g1 + g2)
                    t[6 + c] = 0.5 * (g0 - g1 + g2)
                    t[9 + c] = g2
                }
                for r in 0..<4 {
                    let (a, b, c) = (t[r * 3], t[r * 3 + 1], t[r * 3 + 2])
                    let row = [a, 0.5 * (a + b + c), 0.5 * (a - b + c), c]
                    for column in 0..<4 { packed[((r * 4 + column) * cin + ci) * cout + co] = row[column] }
                }
            }
        }
    }

    /// True when a 2×2, stride-2, unpadded max pool can be fused into the output: every 2×2
    /// output tile is then exactly one pooling window (even output height and width).
    public var canFuseMaxPool2x2: Bool { geometry.outHeight % 2 == 0 && geometry.outWidth % 2 == 0 }

    /// `output = activation(conv(input, weight) + bias + residual)` with `packed` from
    /// ``packWeights(_:into:)``: ReLU inside the output transform, the other activations and a
    /// residual (`geometry.outputCount` floats, not overlapping `output`) right after it.
    /// `scratch` holds ``scratchCount`` floats. No allocation.
    /// With `maxPool2x2` (ReLU or no activation, no residual) the 2×2 stride-2 max pool follows.
    public func forward(
        input: UnsafePointer<Float>, packed: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>?,
        activation: FusedActivation, maxPool2x2: Bool = false, path: KernelPath = .current
    ) {
        let native = residual == nil && activation.isNativeEpilogue
        precondition(native || !maxPool2x2, "a fused pool takes ReLU or no activation, and no residual")
        forward(
            input: input, packed: packed, bias: bias, output: output, scratch: scratch,
            relu: native && activation == .relu, maxPool2x2: maxPool2x2, path: path)
        if !native { activation.apply(count: geometry.outputCount, output: output, residual: residual) }
    }

    /// `output = conv(input, weight) + bias`, then ReLU when `relu`, then (when `maxPool2x2`) a
    /// 2×2 stride-2 max pool, with `packed` from ``packWeights(_:into:)``. With the pool the
    /// output is `[N, Cout, outHeight/2, outWidth/2]` (requires ``canFuseMaxPool2x2``).
    /// `scratch` holds ``scratchCount`` floats. No allocation.
    public func forward(
        input: UnsafePointer<Float>, packed: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>, relu: Bool,
        maxPool2x2: Bool = false, path: KernelPath = .current
    ) {
        precondition(!maxPool2x2 || canFuseMaxPool2x2, "winograd: a fused 2x2 pool needs an even output size")
        let g = geometry
        let (cin, cout) = (g.inChannels, g.outChannels)
        let staged = scratch
        let transformed = staged + stagedCount
        let products = transformed + transformedCount
        let results = products + productCount
        for n in 0..<g.batch {
            stage(input + n * g.inChannels * g.inSpatial, into: staged)
            #if canImport(EdgeKernelsAVX2)
                if path != .portable {
                    edgeAVX2WinogradInput(
                        staged: staged, into: transformed, tilesHigh: tilesHigh, tilesWide: tilesWide,
                        stagedWidth: stagedWidth, cin: cin)
                } else {
                    transformInput(staged, into: transformed)
                }
            #else
                transformInput(staged, into: transformed)
            #endif
            for xi in 0..<16 {
                GemmDispatch.multiply(
                    m: tiles, n: cout, k: cin, a: transformed + xi * tiles * cin, lda: cin, transposeA: false,
                    b: packed + xi * cin * cout, ldb: cout, transposeB: false,
                    c: products + xi * tiles * cout, ldc: cout, accumulate: false, path: path)
            }
            let out = output + n * g.outChannels * (maxPool2x2 ? tiles : g.outSpatial)
            #if canImport(EdgeKernelsAVX2)
                if path != .portable {
                    if maxPool2x2 {
                        edgeAVX2WinogradOutputPooled(
                            products: products, bias: bias, relu: relu, into: results, tiles: tiles, cout: cout)
                        edgeAVX2WinogradTransposeTiles(results, into: out, tiles: tiles, cout: cout)
                    } else {
                        edgeAVX2WinogradOutput(
                            products: products, bias: bias, relu: relu, into: results, tiles: tiles, cout: cout)
                        store(results, into: out)
                    }
                    continue
                }
            #endif
            transformOutput(products, bias: bias, relu: relu, into: results)
            if maxPool2x2 { storePooled(results, into: out) } else { store(results, into: out) }
        }
    }

    /// The image copied channels-last, `[stagedHeight][stagedWidth][Cin]`, with zeros for the
    /// padding and for the rows and columns that complete the last tiles.
    func stage(_ input: UnsafePointer<Float>, into staged: UnsafeMutablePointer<Float>) {
        let g = geometry
        let p = g.parameters
        let cin = g.inChannels
        staged.initialize(repeating: 0, count: stagedCount)
        for ci in 0..<cin {
            let plane = input + ci * g.inSpatial
            for h in 0..<g.inHeight {
                let row = staged + ((h + p.padTop) * stagedWidth + p.padLeft) * cin + ci
                let source = plane + h * g.inWidth
                for w in 0..<g.inWidth { row[w * cin] = source[w] }
            }
        }
    }

    /// `V[ξ][tile][ci] = (Bᵀ·d·B)[ξ]` for the 4×4 input tile `d` of every tile and channel,
    /// `Bᵀ = [[1,0,−1,0],[0,1,1,0],[0,−1,1,0],[0,1,0,−1]]`, eight channels at a time (explicit
    /// SIMD: the 16 input and 16 output streams would keep the auto-vectorizer out).
    func transformInput(_ staged: UnsafePointer<Float>, into v: UnsafeMutablePointer<Float>) {
        let cin = geometry.inChannels
        let plane = tiles * cin
        let row = stagedWidth * cin
        for ty in 0..<tilesHigh {
            for tx in 0..<tilesWide {
                let d = staged + (2 * ty * stagedWidth + 2 * tx) * cin
                let o = v + (ty * tilesWide + tx) * cin
                var ci = 0
                while ci + 8 <= cin {
                    Self.inputTile(d + ci, row: row, cin: cin, into: o + ci, plane: plane, as: SIMD8<Float>.self)
                    ci += 8
                }
                while ci < cin {
                    Self.inputTile(d + ci, row: row, cin: cin, into: o + ci, plane: plane, as: SIMD1.self)
                    ci += 1
                }
            }
        }
    }

    @inline(__always)
    static func inputTile<V: WinogradVector>(
        _ d: UnsafePointer<Float>, row: Int, cin: Int, into o: UnsafeMutablePointer<Float>, plane: Int, as: V.Type
    ) {
        func at(_ r: Int, _ c: Int) -> V { V.load(d + r * row + c * cin) }
        for r in 0..<4 {
            // Row r of Bᵀ·d, from rows (0,2), (1,2), (2,1), (1,3).
            let (p, q, sign): (Int, Int, Float) =
                switch r {
                case 0: (0, 2, -1)
                case 1: (1, 2, 1)
                case 2: (2, 1, -1)
                default: (1, 3, -1)
                }
            let t0 = at(p, 0) + V(repeating: sign) * at(q, 0)
            let t1 = at(p, 1) + V(repeating: sign) * at(q, 1)
            let t2 = at(p, 2) + V(repeating: sign) * at(q, 2)
            let t3 = at(p, 3) + V(repeating: sign) * at(q, 3)
            // (Bᵀ·d)·B along the row.
            (t0 - t2).store(o + (r * 4) * plane)
            (t1 + t2).store(o + (r * 4 + 1) * plane)
            (t2 - t1).store(o + (r * 4 + 2) * plane)
            (t1 - t3).store(o + (r * 4 + 3) * plane)
        }
    }

    /// `Y = Aᵀ·m·A` per tile and output channel, `Aᵀ = [[1,1,1,0],[0,1,−1,−1]]`, plus bias and
    /// ReLU, eight channels at a time, into `results[tile][quadrant][co]` (quadrants y00, y01,
    /// y10, y11).
    func transformOutput(
        _ m: UnsafePointer<Float>, bias: UnsafePointer<Float>?, relu: Bool, into results: UnsafeMutablePointer<Float>
    ) {
        let cout = geometry.outChannels
        let plane = tiles * cout
        let floor: Float = relu ? 0 : -.infinity
        for tile in 0..<tiles {
            let t = m + tile * cout
            let r = results + tile * 4 * cout
            var co = 0
            while co + 8 <= cout {
                Self.outputTile(
                    t + co, plane: plane, bias: bias, co: co, floor: floor, into: r + co, cout: cout,
                    as: SIMD8<Float>.self)
                co += 8
            }
            while co < cout {
                Self.outputTile(
                    t + co, plane: plane, bias: bias, co: co, floor: floor, into: r + co, cout: cout, as: SIMD1.self)
                co += 1
            }
        }
    }

    @inline(__always)
    static func outputTile<V: WinogradVector>(
        _ t: UnsafePointer<Float>, plane: Int, bias: UnsafePointer<Float>?, co: Int, floor: Float,
        into r: UnsafeMutablePointer<Float>, cout: Int, as: V.Type
    ) {
        func m(_ xi: Int) -> V { V.load(t + xi * plane) }
        // Aᵀ·m: s = m0 + m1 + m2 and u = m1 − m2 − m3 down each column.
        let s0 = m(0) + m(4) + m(8)
        let s1 = m(1) + m(5) + m(9)
        let s2 = m(2) + m(6) + m(10)
        let s3 = m(3) + m(7) + m(11)
        let u0 = m(4) - m(8) - m(12)
        let u1 = m(5) - m(9) - m(13)
        let u2 = m(6) - m(10) - m(14)
        let u3 = m(7) - m(11) - m(15)
        let b = bias.map { V.load($0 + co) } ?? V(repeating: 0)
        let lower = V(repeating: floor)
        (s0 + s1 + s2 + b).clamped(below: lower).store(r)
        (s1 - s2 - s3 + b).clamped(below: lower).store(r + cout)
        (u0 + u1 + u2 + b).clamped(below: lower).store(r + 2 * cout)
        (u1 - u2 - u3 + b).clamped(below: lower).store(r + 3 * cout)
    }

    /// `results[tile][quadrant][co]` stored NCHW, row by row (contiguous stores, strided loads);
    /// the last tile row and column are cropped to the output.
    func store(_ results: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let g = geometry
        let cout = g.outChannels
        let tileStride = 4 * cout
        for co in 0..<cout {
            let plane = output + co * g.outSpatial
            for h in 0..<g.outHeight {
                let y = plane + h * g.outWidth
                let source = results + (h / 2) * tilesWide * tileStride + (h % 2) * 2 * cout + co
                var w = 0
                while w + 1 < g.outWidth {
                    let tile = source + (w / 2) * tileStride
                    y[w] = tile[0]
                    y[w + 1] = tile[cout]
                    w += 2
                }
                if w < g.outWidth { y[w] = source[(w / 2) * tileStride] }
            }
        }
    }
}

extension Conv2DWinograd {
    /// The max of each tile's four results, stored NCHW `[Cout][tilesHigh][tilesWide]`: the 2×2
    /// stride-2 max pool of the output, without writing the output. A NaN in a window gives NaN,
    /// so a non-finite activation still reaches the logits' check.
    func storePooled(_ results: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let cout = geometry.outChannels
        for tile in 0..<tiles {
            let r = results + tile * 4 * cout
            for co in 0..<cout {
                let (a, b, c, d) = (r[co], r[cout + co], r[2 * cout + co], r[3 * cout + co])
                let m = Swift.max(Swift.max(a, b), Swift.max(c, d))
                output[co * tiles + tile] = (a.isNaN || b.isNaN || c.isNaN || d.isNaN) ? .nan : m
            }
        }
    }
}

/// The vector widths the Winograd transforms run at: eight channels, or one for the tail.
protocol WinogradVector {
    init(repeating value: Float)
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    subscript(index: Int) -> Float { get }
    static func load(_ p: UnsafePointer<Float>) -> Self
    func store(_ p: UnsafeMutablePointer<Float>)
    /// Lane-wise `max(self, lower)`, a NaN lane staying NaN.
    func clamped(below lower: Self) -> Self
    static var laneCount: Int { get }
}

extension SIMD8: WinogradVector where Scalar == Float {
    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> Self {
        UnsafeRawPointer(p).loadUnaligned(as: Self.self)
    }
    @inline(__always) func store(_ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self)
    }
    @inline(__always) func clamped(below lower: Self) -> Self { replacing(with: lower, where: self .< lower) }
    static var laneCount: Int { 8 }
}

/// One channel, for the tails of channel counts that are not a multiple of eight.
struct SIMD1: WinogradVector {
    var value: Float
    init(repeating value: Float) { self.value = value }
    static func + (a: Self, b: Self) -> Self { Self(repeating: a.value + b.value) }
    static func - (a: Self, b: Self) -> Self { Self(repeating: a.value - b.value) }
    static func * (a: Self, b: Self) -> Self { Self(repeating: a.value * b.value) }
    subscript(index: Int) -> Float { value }
    static func load(_ p: UnsafePointer<Float>) -> Self { Self(repeating: p[0]) }
    func store(_ p: UnsafeMutablePointer<Float>) { p[0] = value }
    func clamped(below lower: Self) -> Self { value < lower.value ? lower : self }
    static var laneCount: Int { 1 }
}
