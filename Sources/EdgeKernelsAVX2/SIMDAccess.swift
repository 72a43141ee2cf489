// EdgeKernelsAVX2: Swift SIMD kernels compiled with -march=x86-64-v3 (AVX2 + FMA) and -Ounchecked.
// Public entry points are @inline(never) so they are always compiled here, with these flags;
// the helpers below are @inline(__always) and internal, so they never leave this module.

/// Eight floats: one AVX2 register.
typealias Vec8 = SIMD8<Float>

@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> Vec8 {
    UnsafeRawPointer(p).loadUnaligned(as: Vec8.self)
}

@inline(__always)
func store8(_ v: Vec8, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vec8.self)
}

/// Loads `count` (≤ 8) floats, zero-filling the remaining lanes; never reads past `p + count`.
@inline(__always)
func load8(_ p: UnsafePointer<Float>, count: Int) -> Vec8 {
    if count >= 8 { return load8(p) }
    var v = Vec8(repeating: 0)
    var lane = 0
    while lane < count {
        v[lane] = p[lane]
        lane += 1
    }
    return v
}

/// Stores the first `count` (≤ 8) lanes of `v`.
@inline(__always)
func store8(_ v: Vec8, _ p: UnsafeMutablePointer<Float>, count: Int) {
    if count >= 8 { return store8(v, p) }
    var lane = 0
    while lane < count {
        p[lane] = v[lane]
        lane += 1
    }
}

@inline(__always)
func horizontalSum(_ v: Vec8) -> Float {
    let half = v.lowHalf + v.highHalf
    let quarter = half.lowHalf + half.highHalf
    return quarter[0] + quarter[1]
}
