// EdgeKernelsAVX2: Swift SIMD kernels compiled with -march=x86-64-v3 (AVX2 + FMA) and -Ounchecked.
//
// Everything lives in this one file on purpose. Debug builds compile each file separately
// (no whole-module optimisation), and the optimiser can only inline `@inline(__always)`
// helpers defined in the same file: with the helpers in another file, a debug build calls
// `load8` per vector (measured in a debug build: conv2 forward 417 µs instead of 110 µs).
// With everything here, `-Ounchecked` makes the debug build as fast as release. Public entry points are
// `@inline(never)` so they are always compiled here, with these flags.

// MARK: - SIMDAccess

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

// MARK: - GemmNN

/// `C (+)= A · B (+ rowBias) (then ReLU)` with B row-major (vectorised along n).
///
/// A element (i, p) is `a[i*rowStrideA + p*colStrideA]` (so both A and Aᵀ are covered);
/// B element (p, j) is `b[p*ldb + j]`; C element (i, j) is `c[i*ldc + j]`.
/// When `bRowOffsets` is non-nil, B row p starts at `b + bRowOffsets[p]` instead (`ldb` is
/// ignored): an implicit-GEMM convolution reads shifted windows of a padded image this way.
/// Offset rows are always read in whole 16-column tiles (n rounded up to 16 must be readable).
/// `bReadableColumns` (≥ n) is how many columns of every B row may be read (padding lets the
/// edge tile use whole vectors). Tiles of 5 rows × 16 columns (10 accumulators: 6 × 16 spills a register in Swift's codegen); the column
/// loop is outside so a 16-wide B panel stays in L1 while A streams through.
@inline(never)
public func edgeAVX2GemmNN(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, rowStrideA: Int, colStrideA: Int,
    b: UnsafePointer<Float>, ldb: Int, bRowOffsets: UnsafePointer<Int32>?, bReadableColumns: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int,
    accumulate: Bool, rowBias: UnsafePointer<Float>?, relu: Bool
) {
    var j = 0
    while j < n {
        let nr = min(16, n - j)
        let readable = min(16, bReadableColumns - j)
        var i = 0
        while i < m {
            let mr = min(5, m - i)
            let a0 = a + i * rowStrideA
            let a1 = a + min(i + 1, m - 1) * rowStrideA
            let a2 = a + min(i + 2, m - 1) * rowStrideA
            let a3 = a + min(i + 3, m - 1) * rowStrideA
            let a4 = a + min(i + 4, m - 1) * rowStrideA
            var c00 = Vec8()
            var c01 = Vec8()
            var c10 = Vec8()
            var c11 = Vec8()
            var c20 = Vec8()
            var c21 = Vec8()
            var c30 = Vec8()
            var c31 = Vec8()
            var c40 = Vec8()
            var c41 = Vec8()
            var pb = b + j
            var offset = 0
            if let bRowOffsets {
                let base = b + j
                for p in 0..<k {
                    let row = base + Int(bRowOffsets[p])
                    let b0 = load8(row)
                    let b1 = load8(row + 8)
                    let x0 = Vec8(repeating: a0[offset])
                    c00 = c00.addingProduct(x0, b0)
                    c01 = c01.addingProduct(x0, b1)
                    let x1 = Vec8(repeating: a1[offset])
                    c10 = c10.addingProduct(x1, b0)
                    c11 = c11.addingProduct(x1, b1)
                    let x2 = Vec8(repeating: a2[offset])
                    c20 = c20.addingProduct(x2, b0)
                    c21 = c21.addingProduct(x2, b1)
                    let x3 = Vec8(repeating: a3[offset])
                    c30 = c30.addingProduct(x3, b0)
                    c31 = c31.addingProduct(x3, b1)
                    let x4 = Vec8(repeating: a4[offset])
                    c40 = c40.addingProduct(x4, b0)
                    c41 = c41.addingProduct(x4, b1)
                    offset += colStrideA
                }
            } else if readable == 16 {
                for _ in 0..<k {
                    let b0 = load8(pb)
                    let b1 = load8(pb + 8)
                    let x0 = Vec8(repeating: a0[offset])
                    c00 = c00.addingProduct(x0, b0)
                    c01 = c01.addingProduct(x0, b1)
                    let x1 = Vec8(repeating: a1[offset])
                    c10 = c10.addingProduct(x1, b0)
                    c11 = c11.addingProduct(x1, b1)
                    let x2 = Vec8(repeating: a2[offset])
                    c20 = c20.addingProduct(x2, b0)
                    c21 = c21.addingProduct(x2, b1)
                    let x3 = Vec8(repeating: a3[offset])
                    c30 = c30.addingProduct(x3, b0)
                    c31 = c31.addingProduct(x3, b1)
                    let x4 = Vec8(repeating: a4[offset])
                    c40 = c40.addingProduct(x4, b0)
                    c41 = c41.addingProduct(x4, b1)
                    pb += ldb
                    offset += colStrideA
                }
            } else {
                for _ in 0..<k {
                    let b0 = load8(pb, count: readable)
                    let b1 = load8(pb + 8, count: readable - 8)
                    let x0 = Vec8(repeating: a0[offset])
                    c00 = c00.addingProduct(x0, b0)
                    c01 = c01.addingProduct(x0, b1)
                    let x1 = Vec8(repeating: a1[offset])
                    c10 = c10.addingProduct(x1, b0)
                    c11 = c11.addingProduct(x1, b1)
                    let x2 = Vec8(repeating: a2[offset])
                    c20 = c20.addingProduct(x2, b0)
                    c21 = c21.addingProduct(x2, b1)
                    let x3 = Vec8(repeating: a3[offset])
                    c30 = c30.addingProduct(x3, b0)
                    c31 = c31.addingProduct(x3, b1)
                    let x4 = Vec8(repeating: a4[offset])
                    c40 = c40.addingProduct(x4, b0)
                    c41 = c41.addingProduct(x4, b1)
                    pb += ldb
                    offset += colStrideA
                }
            }
            let out = c + i * ldc + j
            storeRow(c00, c01, out, nr, accumulate, rowBias?[i], relu)
            if mr > 1 { storeRow(c10, c11, out + ldc, nr, accumulate, rowBias?[i + 1], relu) }
            if mr > 2 { storeRow(c20, c21, out + 2 * ldc, nr, accumulate, rowBias?[i + 2], relu) }
            if mr > 3 { storeRow(c30, c31, out + 3 * ldc, nr, accumulate, rowBias?[i + 3], relu) }
            if mr > 4 { storeRow(c40, c41, out + 4 * ldc, nr, accumulate, rowBias?[i + 4], relu) }
            i += 5
        }
        j += 16
    }
}

/// Epilogue of one tile row: optional accumulate, bias and ReLU, then a (partial) store.
@inline(__always)
func storeRow(
    _ v0: Vec8, _ v1: Vec8, _ out: UnsafeMutablePointer<Float>, _ count: Int,
    _ accumulate: Bool, _ bias: Float?, _ relu: Bool
) {
    var r0 = v0
    var r1 = v1
    if let bias {
        let bv = Vec8(repeating: bias)
        r0 += bv
        r1 += bv
    }
    if count == 16 {
        if accumulate {
            r0 += load8(out)
            r1 += load8(out + 8)
        }
        if relu {
            r0 = relu8(r0, Vec8())
            r1 = relu8(r1, Vec8())
        }
        store8(r0, out)
        store8(r1, out + 8)
    } else {
        if accumulate {
            r0 += load8(out, count: count)
            r1 += load8(out + 8, count: count - 8)
        }
        if relu {
            r0 = relu8(r0, Vec8())
            r1 = relu8(r1, Vec8())
        }
        store8(r0, out, count: count)
        store8(r1, out + 8, count: count - 8)
    }
}

// MARK: - GemmNT

/// `C (+)= A · Bᵀ (+ columnBias) (then ReLU)`: dot products along k, both operands row-major.
///
/// A element (i, p) is `a[i*lda + p]`, B element (j, p) is `b[j*ldb + p]`, C element (i, j)
/// is `c[i*ldc + j]`, or B row j starts at `b + bRowOffsets[j]` when offsets are given (conv
/// weight gradients over shifted padded planes). Used for linear layers (B = weight `[out, in]`)
/// and conv weight gradients.
/// Tiles of 4 A rows × 3 B rows (12 vector accumulators, reduced at the end); a single A row
/// (GEMV, batch 1) uses 1 × 4 tiles with two accumulators each.
@inline(never)
public func edgeAVX2GemmNT(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, bRowOffsets: UnsafePointer<Int32>? = nil,
    c: UnsafeMutablePointer<Float>, ldc: Int,
    accumulate: Bool, columnBias: UnsafePointer<Float>?, relu: Bool
) {
    let kMain = k & ~7
    let kRest = k - kMain
    if m == 1 {
        gemvNT(
            n: n, k: k, kMain: kMain, kRest: kRest, a: a, b: b, ldb: ldb, bRowOffsets: bRowOffsets, c: c,
            accumulate: accumulate,
            columnBias: columnBias, relu: relu)
        return
    }
    var i = 0
    while i < m {
        let mr = min(4, m - i)
        let a0 = a + i * lda
        let a1 = a + min(i + 1, m - 1) * lda
        let a2 = a + min(i + 2, m - 1) * lda
        let a3 = a + min(i + 3, m - 1) * lda
        var j = 0
        while j < n {
            let nr = min(3, n - j)
            let b0 = ntRow(b, ldb, bRowOffsets, j)
            let b1 = ntRow(b, ldb, bRowOffsets, min(j + 1, n - 1))
            let b2 = ntRow(b, ldb, bRowOffsets, min(j + 2, n - 1))
            var c00 = Vec8()
            var c01 = Vec8()
            var c02 = Vec8()
            var c10 = Vec8()
            var c11 = Vec8()
            var c12 = Vec8()
            var c20 = Vec8()
            var c21 = Vec8()
            var c22 = Vec8()
            var c30 = Vec8()
            var c31 = Vec8()
            var c32 = Vec8()
            var p = 0
            while p < kMain {
                let y0 = load8(b0 + p)
                let y1 = load8(b1 + p)
                let y2 = load8(b2 + p)
                let x0 = load8(a0 + p)
                c00 = c00.addingProduct(x0, y0)
                c01 = c01.addingProduct(x0, y1)
                c02 = c02.addingProduct(x0, y2)
                let x1 = load8(a1 + p)
                c10 = c10.addingProduct(x1, y0)
                c11 = c11.addingProduct(x1, y1)
                c12 = c12.addingProduct(x1, y2)
                let x2 = load8(a2 + p)
                c20 = c20.addingProduct(x2, y0)
                c21 = c21.addingProduct(x2, y1)
                c22 = c22.addingProduct(x2, y2)
                let x3 = load8(a3 + p)
                c30 = c30.addingProduct(x3, y0)
                c31 = c31.addingProduct(x3, y1)
                c32 = c32.addingProduct(x3, y2)
                p += 8
            }
            if kRest > 0 {
                let y0 = load8(b0 + p, count: kRest)
                let y1 = load8(b1 + p, count: kRest)
                let y2 = load8(b2 + p, count: kRest)
                let x0 = load8(a0 + p, count: kRest)
                c00 = c00.addingProduct(x0, y0)
                c01 = c01.addingProduct(x0, y1)
                c02 = c02.addingProduct(x0, y2)
                let x1 = load8(a1 + p, count: kRest)
                c10 = c10.addingProduct(x1, y0)
                c11 = c11.addingProduct(x1, y1)
                c12 = c12.addingProduct(x1, y2)
                let x2 = load8(a2 + p, count: kRest)
                c20 = c20.addingProduct(x2, y0)
                c21 = c21.addingProduct(x2, y1)
                c22 = c22.addingProduct(x2, y2)
                let x3 = load8(a3 + p, count: kRest)
                c30 = c30.addingProduct(x3, y0)
                c31 = c31.addingProduct(x3, y1)
                c32 = c32.addingProduct(x3, y2)
            }
            let out = c + i * ldc + j
            storeDots(c00, c01, c02, out, nr, j, accumulate, columnBias, relu)
            if mr > 1 { storeDots(c10, c11, c12, out + ldc, nr, j, accumulate, columnBias, relu) }
            if mr > 2 { storeDots(c20, c21, c22, out + 2 * ldc, nr, j, accumulate, columnBias, relu) }
            if mr > 3 { storeDots(c30, c31, c32, out + 3 * ldc, nr, j, accumulate, columnBias, relu) }
            j += 3
        }
        i += 4
    }
}

/// Row `j` of B: at `b + offsets[j]` when offsets are given, else `b + j*ldb`.
@inline(__always)
func ntRow(_ b: UnsafePointer<Float>, _ ldb: Int, _ offsets: UnsafePointer<Int32>?, _ j: Int) -> UnsafePointer<Float> {
    if let offsets { return b + Int(offsets[j]) }
    return b + j * ldb
}

@inline(__always)
func storeDots(
    _ v0: Vec8, _ v1: Vec8, _ v2: Vec8, _ out: UnsafeMutablePointer<Float>, _ count: Int, _ column: Int,
    _ accumulate: Bool, _ bias: UnsafePointer<Float>?, _ relu: Bool
) {
    let sums = (horizontalSum(v0), horizontalSum(v1), horizontalSum(v2))
    storeDot(sums.0, out, column, accumulate, bias, relu)
    if count > 1 { storeDot(sums.1, out + 1, column + 1, accumulate, bias, relu) }
    if count > 2 { storeDot(sums.2, out + 2, column + 2, accumulate, bias, relu) }
}

@inline(__always)
func storeDot(
    _ value: Float, _ out: UnsafeMutablePointer<Float>, _ column: Int, _ accumulate: Bool,
    _ bias: UnsafePointer<Float>?, _ relu: Bool
) {
    var v = value
    if let bias { v += bias[column] }
    if accumulate { v += out[0] }
    if relu { v = max(v, 0) }
    out[0] = v
}

/// One A row against every B row: 4 B rows at a time, two accumulators each (8 FMA chains).
@inline(__always)
func gemvNT(
    n: Int, k: Int, kMain: Int, kRest: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, ldb: Int,
    bRowOffsets: UnsafePointer<Int32>?,
    c: UnsafeMutablePointer<Float>, accumulate: Bool, columnBias: UnsafePointer<Float>?, relu: Bool
) {
    let kPairs = k & ~15
    var j = 0
    while j < n {
        let nr = min(4, n - j)
        let b0 = ntRow(b, ldb, bRowOffsets, j)
        let b1 = ntRow(b, ldb, bRowOffsets, min(j + 1, n - 1))
        let b2 = ntRow(b, ldb, bRowOffsets, min(j + 2, n - 1))
        let b3 = ntRow(b, ldb, bRowOffsets, min(j + 3, n - 1))
        var s0 = Vec8()
        var s1 = Vec8()
        var s2 = Vec8()
        var s3 = Vec8()
        var t0 = Vec8()
        var t1 = Vec8()
        var t2 = Vec8()
        var t3 = Vec8()
        var p = 0
        while p < kPairs {
            let x = load8(a + p)
            let y = load8(a + p + 8)
            s0 = s0.addingProduct(x, load8(b0 + p))
            t0 = t0.addingProduct(y, load8(b0 + p + 8))
            s1 = s1.addingProduct(x, load8(b1 + p))
            t1 = t1.addingProduct(y, load8(b1 + p + 8))
            s2 = s2.addingProduct(x, load8(b2 + p))
            t2 = t2.addingProduct(y, load8(b2 + p + 8))
            s3 = s3.addingProduct(x, load8(b3 + p))
            t3 = t3.addingProduct(y, load8(b3 + p + 8))
            p += 16
        }
        while p < k {
            let count = min(8, k - p)
            let x = load8(a + p, count: count)
            s0 = s0.addingProduct(x, load8(b0 + p, count: count))
            s1 = s1.addingProduct(x, load8(b1 + p, count: count))
            s2 = s2.addingProduct(x, load8(b2 + p, count: count))
            s3 = s3.addingProduct(x, load8(b3 + p, count: count))
            p += 8
        }
        let out = c + j
        storeDot(horizontalSum(s0 + t0), out, j, accumulate, columnBias, relu)
        if nr > 1 { storeDot(horizontalSum(s1 + t1), out + 1, j + 1, accumulate, columnBias, relu) }
        if nr > 2 { storeDot(horizontalSum(s2 + t2), out + 2, j + 2, accumulate, columnBias, relu) }
        if nr > 3 { storeDot(horizontalSum(s3 + t3), out + 3, j + 3, accumulate, columnBias, relu) }
        j += 4
    }
}

// MARK: - CopyRows

/// Copies `rows` rows of `width` floats from `source` (row stride `sourceStride`) to
/// `destination` (row stride `destinationStride`): padding and un-padding images for the
/// implicit-GEMM convolution. Regions must not overlap.
@inline(never)
public func edgeAVX2CopyRows(
    rows: Int, width: Int, source: UnsafePointer<Float>, sourceStride: Int,
    destination: UnsafeMutablePointer<Float>, destinationStride: Int
) {
    let full = width & ~7
    for r in 0..<rows {
        let src = source + r * sourceStride
        let dst = destination + r * destinationStride
        var x = 0
        while x < full {
            store8(load8(src + x), dst + x)
            x += 8
        }
        if x < width { store8(load8(src + x, count: width - x), dst + x, count: width - x) }
    }
}

/// Gathers `rows` rows of `width` floats (source row stride `sourceStride`) into one contiguous
/// run at `destination` (row stride `width`): un-padding the implicit-GEMM convolution's output.
/// Whole vectors may spill past a row into the next destination row (rewritten right after)
/// while they stay before `destinationEnd`, and may read source up to `sourceEnd`.
@inline(never)
public func edgeAVX2CompactRows(
    rows: Int, width: Int, source: UnsafePointer<Float>, sourceStride: Int,
    sourceEnd: UnsafePointer<Float>, destination: UnsafeMutablePointer<Float>,
    destinationEnd: UnsafeMutablePointer<Float>
) {
    let vectors = (width + 7) / 8
    for r in 0..<rows {
        let src = source + r * sourceStride
        let dst = destination + r * width
        if dst + vectors * 8 <= destinationEnd && src + vectors * 8 <= sourceEnd {
            for v in 0..<vectors { store8(load8(src + 8 * v), dst + 8 * v) }
        } else {
            var x = 0
            while x < width {
                let n = min(8, width - x)
                store8(load8(src + x, count: n), dst + x, count: n)
                x += 8
            }
        }
    }
}

// MARK: - Elementwise

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
public func edgeAVX2ReLUBackward(
    count: Int, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>
) {
    var i = 0
    let zero = Vec8()
    while i < count {
        let n = min(8, count - i)
        let x = load8(input + i, count: n)
        let dy = load8(outputGradient + i, count: n)
        store8(zero.replacing(with: dy, where: x .> zero), inputGradient + i, count: n)
        i += 8
    }
}

/// `output[i] = a[i] + b[i]`.
@inline(never)
public func edgeAVX2Add(
    count: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
) {
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
public func edgeAVX2ScaleShift(
    count: Int, input: UnsafePointer<Float>, multiplier: Float, offset: Float,
    output: UnsafeMutablePointer<Float>
) {
    let m = Vec8(repeating: multiplier)
    let o = Vec8(repeating: offset)
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
    var s0 = Vec8()
    var s1 = Vec8()
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
public func edgeAVX2GradientMoments(
    dy: UnsafePointer<Float>, x: UnsafePointer<Float>, count: Int,
    mean: Float, invStd: Float
) -> (Float, Float) {
    let mv = Vec8(repeating: mean)
    var s = Vec8()
    var sx = Vec8()
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
public func edgeAVX2BatchNormInputGradient(
    count: Int, dy: UnsafePointer<Float>, x: UnsafePointer<Float>,
    mean: Float, invStd: Float, gain: Float, meanDy: Float,
    meanDyXhat: Float, output: UnsafeMutablePointer<Float>
) {
    let mv = Vec8(repeating: mean)
    let k = Vec8(repeating: invStd * meanDyXhat)
    let gv = Vec8(repeating: gain)
    let md = Vec8(repeating: meanDy)
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

// MARK: - MaxPool

/// 2×2 max pooling with stride 2 and no padding over `planes` planes of `inHeight × inWidth`,
/// writing the output (`inHeight/2 × inWidth/2` per plane, floor) and the argmax (index within
/// the input plane; ties go to the first position in row-major window order).
@inline(never)
public func edgeAVX2MaxPool2x2(
    planes: Int, inHeight: Int, inWidth: Int, input: UnsafePointer<Float>,
    output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?
) {
    let outHeight = inHeight / 2
    let outWidth = inWidth / 2
    let lanes = SIMD8<Int32>(0, 2, 4, 6, 8, 10, 12, 14)
    // Whole vectors may run past a row into the next one (later overwritten in order) as long
    // as they stay inside the buffers; only the very end needs partial loads and stores.
    let inputEnd = input + planes * inHeight * inWidth
    let outputEnd = output + planes * outHeight * outWidth
    for plane in 0..<planes {
        let src = input + plane * inHeight * inWidth
        let dst = output + plane * outHeight * outWidth
        let idx = argmax.map { $0 + plane * outHeight * outWidth }
        for oh in 0..<outHeight {
            let row0 = src + 2 * oh * inWidth
            let row1 = row0 + inWidth
            var ow = 0
            while ow < outWidth {
                let n = min(8, outWidth - ow)
                let p0 = row0 + 2 * ow
                let p1 = row1 + 2 * ow
                let top: SIMD16<Float>
                let bottom: SIMD16<Float>
                if p1 + 16 <= inputEnd {
                    top = SIMD16(lowHalf: load8(p0), highHalf: load8(p0 + 8))
                    bottom = SIMD16(lowHalf: load8(p1), highHalf: load8(p1 + 8))
                } else {
                    top = SIMD16(lowHalf: load8(p0, count: 2 * n), highHalf: load8(p0 + 8, count: 2 * n - 8))
                    bottom = SIMD16(lowHalf: load8(p1, count: 2 * n), highHalf: load8(p1 + 8, count: 2 * n - 8))
                }
                let a = top.evenHalf
                let b = top.oddHalf
                let c = bottom.evenHalf
                let d = bottom.oddHalf
                var best = a
                var offset = SIMD8<Int32>(repeating: 0)
                let takeB = b .> best
                best.replace(with: b, where: takeB)
                offset.replace(with: 1, where: takeB)
                let takeC = c .> best
                best.replace(with: c, where: takeC)
                offset.replace(with: Int32(inWidth), where: takeC)
                let takeD = d .> best
                best.replace(with: d, where: takeD)
                offset.replace(with: Int32(inWidth + 1), where: takeD)
                let out = dst + oh * outWidth + ow
                let whole = out + 8 <= outputEnd
                store8(best, out, count: whole ? 8 : n)
                if let idx {
                    let base = SIMD8<Int32>(repeating: Int32(2 * oh * inWidth + 2 * ow)) &+ lanes &+ offset
                    let target = idx + oh * outWidth + ow
                    if whole {
                        UnsafeMutableRawPointer(target).storeBytes(of: base, as: SIMD8<Int32>.self)
                    } else {
                        for lane in 0..<n { target[lane] = base[lane] }
                    }
                }
                ow += 8
            }
        }
    }
}
