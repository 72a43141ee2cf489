/// `C (+)= A · Bᵀ (+ columnBias) (then ReLU)`: dot products along k, both operands row-major.
///
/// A element (i, p) is `a[i*lda + p]`, B element (j, p) is `b[j*ldb + p]`, C element (i, j)
/// is `c[i*ldc + j]`. Used for linear layers (B = weight `[out, in]`) and conv weight gradients.
/// Tiles of 4 A rows × 3 B rows (12 vector accumulators, reduced at the end); a single A row
/// (GEMV, batch 1) uses 1 × 4 tiles with two accumulators each.
@inline(never)
public func edgeAVX2GemmNT(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int,
    accumulate: Bool, columnBias: UnsafePointer<Float>?, relu: Bool
) {
    let kMain = k & ~7
    let kRest = k - kMain
    if m == 1 {
        gemvNT(n: n, k: k, kMain: kMain, kRest: kRest, a: a, b: b, ldb: ldb, c: c, accumulate: accumulate,
               columnBias: columnBias, relu: relu)
        return
    }
    var i = 0
    while i < m {
        let mr = min(4, m - i)
        let a0 = a + i * lda, a1 = a + min(i + 1, m - 1) * lda
        let a2 = a + min(i + 2, m - 1) * lda, a3 = a + min(i + 3, m - 1) * lda
        var j = 0
        while j < n {
            let nr = min(3, n - j)
            let b0 = b + j * ldb, b1 = b + min(j + 1, n - 1) * ldb, b2 = b + min(j + 2, n - 1) * ldb
            var c00 = Vec8(), c01 = Vec8(), c02 = Vec8()
            var c10 = Vec8(), c11 = Vec8(), c12 = Vec8()
            var c20 = Vec8(), c21 = Vec8(), c22 = Vec8()
            var c30 = Vec8(), c31 = Vec8(), c32 = Vec8()
            var p = 0
            while p < kMain {
                let y0 = load8(b0 + p), y1 = load8(b1 + p), y2 = load8(b2 + p)
                let x0 = load8(a0 + p)
                c00 = c00.addingProduct(x0, y0); c01 = c01.addingProduct(x0, y1); c02 = c02.addingProduct(x0, y2)
                let x1 = load8(a1 + p)
                c10 = c10.addingProduct(x1, y0); c11 = c11.addingProduct(x1, y1); c12 = c12.addingProduct(x1, y2)
                let x2 = load8(a2 + p)
                c20 = c20.addingProduct(x2, y0); c21 = c21.addingProduct(x2, y1); c22 = c22.addingProduct(x2, y2)
                let x3 = load8(a3 + p)
                c30 = c30.addingProduct(x3, y0); c31 = c31.addingProduct(x3, y1); c32 = c32.addingProduct(x3, y2)
                p += 8
            }
            if kRest > 0 {
                let y0 = load8(b0 + p, count: kRest), y1 = load8(b1 + p, count: kRest), y2 = load8(b2 + p, count: kRest)
                let x0 = load8(a0 + p, count: kRest)
                c00 = c00.addingProduct(x0, y0); c01 = c01.addingProduct(x0, y1); c02 = c02.addingProduct(x0, y2)
                let x1 = load8(a1 + p, count: kRest)
                c10 = c10.addingProduct(x1, y0); c11 = c11.addingProduct(x1, y1); c12 = c12.addingProduct(x1, y2)
                let x2 = load8(a2 + p, count: kRest)
                c20 = c20.addingProduct(x2, y0); c21 = c21.addingProduct(x2, y1); c22 = c22.addingProduct(x2, y2)
                let x3 = load8(a3 + p, count: kRest)
                c30 = c30.addingProduct(x3, y0); c31 = c31.addingProduct(x3, y1); c32 = c32.addingProduct(x3, y2)
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

@inline(__always)
func storeDots(_ v0: Vec8, _ v1: Vec8, _ v2: Vec8, _ out: UnsafeMutablePointer<Float>, _ count: Int, _ column: Int,
               _ accumulate: Bool, _ bias: UnsafePointer<Float>?, _ relu: Bool) {
    let sums = (horizontalSum(v0), horizontalSum(v1), horizontalSum(v2))
    storeDot(sums.0, out, column, accumulate, bias, relu)
    if count > 1 { storeDot(sums.1, out + 1, column + 1, accumulate, bias, relu) }
    if count > 2 { storeDot(sums.2, out + 2, column + 2, accumulate, bias, relu) }
}

@inline(__always)
func storeDot(_ value: Float, _ out: UnsafeMutablePointer<Float>, _ column: Int, _ accumulate: Bool,
              _ bias: UnsafePointer<Float>?, _ relu: Bool) {
    var v = value
    if let bias { v += bias[column] }
    if accumulate { v += out[0] }
    if relu { v = max(v, 0) }
    out[0] = v
}

/// One A row against every B row: 4 B rows at a time, two accumulators each (8 FMA chains).
@inline(__always)
func gemvNT(n: Int, k: Int, kMain: Int, kRest: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, ldb: Int,
            c: UnsafeMutablePointer<Float>, accumulate: Bool, columnBias: UnsafePointer<Float>?, relu: Bool) {
    let kPairs = k & ~15
    var j = 0
    while j < n {
        let nr = min(4, n - j)
        let b0 = b + j * ldb, b1 = b + min(j + 1, n - 1) * ldb
        let b2 = b + min(j + 2, n - 1) * ldb, b3 = b + min(j + 3, n - 1) * ldb
        var s0 = Vec8(), s1 = Vec8(), s2 = Vec8(), s3 = Vec8()
        var t0 = Vec8(), t1 = Vec8(), t2 = Vec8(), t3 = Vec8()
        var p = 0
        while p < kPairs {
            let x = load8(a + p), y = load8(a + p + 8)
            s0 = s0.addingProduct(x, load8(b0 + p)); t0 = t0.addingProduct(y, load8(b0 + p + 8))
            s1 = s1.addingProduct(x, load8(b1 + p)); t1 = t1.addingProduct(y, load8(b1 + p + 8))
            s2 = s2.addingProduct(x, load8(b2 + p)); t2 = t2.addingProduct(y, load8(b2 + p + 8))
            s3 = s3.addingProduct(x, load8(b3 + p)); t3 = t3.addingProduct(y, load8(b3 + p + 8))
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
