// Winograd F(2×2,3×3) transforms at AVX2 width (eight channels per register, FMA-capable target),
// for `EdgeKernels.Conv2DWinograd` on the avx2 and avx512 paths. The math and layouts are the
// portable version's (Conv2DWinograd.swift); the tests compare both with the direct reference.

private typealias V8 = SIMD8<Float>

@inline(__always)
private func load(_ p: UnsafePointer<Float>) -> V8 { UnsafeRawPointer(p).loadUnaligned(as: V8.self) }

@inline(__always)
private func store(_ v: V8, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: V8.self)
}

/// `V[ξ][tile][ci] = (Bᵀ·d·B)[ξ]` from the channels-last staged input
/// `[stagedHeight][stagedWidth][cin]`; `plane = tiles · cin`.
@inline(never)
public func edgeAVX2WinogradInput(
    staged: UnsafePointer<Float>, into v: UnsafeMutablePointer<Float>, tilesHigh: Int, tilesWide: Int,
    stagedWidth: Int, cin: Int
) {
    let plane = tilesHigh * tilesWide * cin
    let row = stagedWidth * cin
    for ty in 0..<tilesHigh {
        for tx in 0..<tilesWide {
            let d = staged + (2 * ty * stagedWidth + 2 * tx) * cin
            let o = v + (ty * tilesWide + tx) * cin
            var ci = 0
            while ci + 8 <= cin {
                let (r0, r1, r2, r3) = (d + ci, d + row + ci, d + 2 * row + ci, d + 3 * row + ci)
                func rowTransform(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, sign: Float, _ r: Int) {
                    let s = V8(repeating: sign)
                    let t0 = load(a) + s * load(b)
                    let t1 = load(a + cin) + s * load(b + cin)
                    let t2 = load(a + 2 * cin) + s * load(b + 2 * cin)
                    let t3 = load(a + 3 * cin) + s * load(b + 3 * cin)
                    let out = o + ci + r * 4 * plane
                    store(t0 - t2, out)
                    store(t1 + t2, out + plane)
                    store(t2 - t1, out + 2 * plane)
                    store(t1 - t3, out + 3 * plane)
                }
                rowTransform(r0, r2, sign: -1, 0)
                rowTransform(r1, r2, sign: 1, 1)
                rowTransform(r2, r1, sign: -1, 2)
                rowTransform(r1, r3, sign: -1, 3)
                ci += 8
            }
            while ci < cin {
                func at(_ r: Int, _ c: Int) -> Float { d[r * row + c * cin + ci] }
                for (r, (p, q, sign)) in [(0, 2, Float(-1)), (1, 2, 1), (2, 1, -1), (1, 3, -1)].enumerated() {
                    let t0 = at(p, 0) + sign * at(q, 0)
                    let t1 = at(p, 1) + sign * at(q, 1)
                    let t2 = at(p, 2) + sign * at(q, 2)
                    let t3 = at(p, 3) + sign * at(q, 3)
                    let out = o + ci + r * 4 * plane
                    out[0] = t0 - t2
                    out[plane] = t1 + t2
                    out[2 * plane] = t2 - t1
                    out[3 * plane] = t1 - t3
                }
                ci += 1
            }
        }
    }
}

/// `Aᵀ·m·A` of one tile for eight channels: the four results y00, y01, y10, y11, from the 16
/// products at `p + ξ·plane`.
@inline(__always)
private func tileResults(_ p: UnsafePointer<Float>, plane: Int) -> (V8, V8, V8, V8) {
    func x(_ xi: Int) -> V8 { load(p + xi * plane) }
    // Aᵀ·m: s = m0 + m1 + m2 and u = m1 − m2 − m3 down each column.
    let s0 = x(0) + x(4) + x(8)
    let s1 = x(1) + x(5) + x(9)
    let s2 = x(2) + x(6) + x(10)
    let s3 = x(3) + x(7) + x(11)
    let u0 = x(4) - x(8) - x(12)
    let u1 = x(5) - x(9) - x(13)
    let u2 = x(6) - x(10) - x(14)
    let u3 = x(7) - x(11) - x(15)
    return (s0 + s1 + s2, s1 - s2 - s3, u0 + u1 + u2, u1 - u2 - u3)
}

/// The same for one channel (channel-count tails).
@inline(__always)
private func tileResults(_ p: UnsafePointer<Float>, plane: Int) -> (Float, Float, Float, Float) {
    func x(_ xi: Int) -> Float { p[xi * plane] }
    let s0 = x(0) + x(4) + x(8)
    let s1 = x(1) + x(5) + x(9)
    let s2 = x(2) + x(6) + x(10)
    let s3 = x(3) + x(7) + x(11)
    let u0 = x(4) - x(8) - x(12)
    let u1 = x(5) - x(9) - x(13)
    let u2 = x(6) - x(10) - x(14)
    let u3 = x(7) - x(11) - x(15)
    return (s0 + s1 + s2, s1 - s2 - s3, u0 + u1 + u2, u1 - u2 - u3)
}

/// `results[tile][quadrant][co] = (Aᵀ·m·A + bias)`, clamped below at 0 when `relu`, from the
/// products `M[ξ][tile][co]`.
@inline(never)
public func edgeAVX2WinogradOutput(
    products m: UnsafePointer<Float>, bias: UnsafePointer<Float>?, relu: Bool,
    into results: UnsafeMutablePointer<Float>, tiles: Int, cout: Int
) {
    let plane = tiles * cout
    let floor: Float = relu ? 0 : -.infinity
    for tile in 0..<tiles {
        let t = m + tile * cout
        let r = results + tile * 4 * cout
        var co = 0
        while co + 8 <= cout {
            let (y00, y01, y10, y11): (V8, V8, V8, V8) = tileResults(t + co, plane: plane)
            let b = bias.map { load($0 + co) } ?? V8(repeating: 0)
            let lower = V8(repeating: floor)
            func clamp(_ v: V8) -> V8 { v.replacing(with: lower, where: v .< lower) }
            store(clamp(y00 + b), r + co)
            store(clamp(y01 + b), r + cout + co)
            store(clamp(y10 + b), r + 2 * cout + co)
            store(clamp(y11 + b), r + 3 * cout + co)
            co += 8
        }
        while co < cout {
            let (y00, y01, y10, y11): (Float, Float, Float, Float) = tileResults(t + co, plane: plane)
            let b = bias?[co] ?? 0
            func clamp(_ v: Float) -> Float { v < floor ? floor : v }
            r[co] = clamp(y00 + b)
            r[cout + co] = clamp(y01 + b)
            r[2 * cout + co] = clamp(y10 + b)
            r[3 * cout + co] = clamp(y11 + b)
            co += 1
        }
    }
}

/// The 2×2 stride-2 max pool of the output, straight from the products: per tile the four
/// results (plus bias, clamped when `relu`) reduced to their max, stored channels-last in
/// `pooled[tile][co]` (then ``edgeAVX2WinogradTransposeTiles``). A NaN in a window gives NaN.
@inline(never)
public func edgeAVX2WinogradOutputPooled(
    products m: UnsafePointer<Float>, bias: UnsafePointer<Float>?, relu: Bool,
    into pooled: UnsafeMutablePointer<Float>, tiles: Int, cout: Int
) {
    let plane = tiles * cout
    let floor: Float = relu ? 0 : -.infinity
    for tile in 0..<tiles {
        let t = m + tile * cout
        let r = pooled + tile * cout
        var co = 0
        while co + 8 <= cout {
            let (a, b, c, d): (V8, V8, V8, V8) = tileResults(t + co, plane: plane)
            var best = a.replacing(with: b, where: b .> a)
            best = best.replacing(with: c, where: c .> best)
            best = best.replacing(with: d, where: d .> best)
            // NaN compares false everywhere: carry any NaN lane through.
            let nan = (a .!= a) .| (b .!= b) .| (c .!= c) .| (d .!= d)
            best = best.replacing(with: .nan, where: nan)
            // The bias is per channel and ReLU is monotone: both commute with the max.
            best += bias.map { load($0 + co) } ?? V8(repeating: 0)
            let lower = V8(repeating: floor)
            store(best.replacing(with: lower, where: best .< lower), r + co)
            co += 8
        }
        while co < cout {
            let (a, b, c, d): (Float, Float, Float, Float) = tileResults(t + co, plane: plane)
            var best = (a.isNaN || b.isNaN || c.isNaN || d.isNaN) ? Float.nan : max(max(a, b), max(c, d))
            best += bias?[co] ?? 0
            r[co] = best < floor ? floor : best
            co += 1
        }
    }
}

/// `output[co][tile] = source[tile][co]`: channels-last tiles to NCHW, contiguous stores.
@inline(never)
public func edgeAVX2WinogradTransposeTiles(
    _ source: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, tiles: Int, cout: Int
) {
    for co in 0..<cout {
        let o = output + co * tiles
        for tile in 0..<tiles { o[tile] = source[tile * cout + co] }
    }
}
