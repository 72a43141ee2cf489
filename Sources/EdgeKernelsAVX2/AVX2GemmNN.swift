/// `C (+)= A · B (+ rowBias) (then ReLU)` with B row-major (vectorised along n).
///
/// A element (i, p) is `a[i*rowStrideA + p*colStrideA]` (so both A and Aᵀ are covered);
/// B element (p, j) is `b[p*ldb + j]`; C element (i, j) is `c[i*ldc + j]`.
/// `bReadableColumns` (≥ n) is how many columns of every B row may be read (padding lets the
/// edge tile use whole vectors). Tiles of 4 rows × 24 columns: 12 accumulators.
@inline(never)
public func edgeAVX2GemmNN(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, rowStrideA: Int, colStrideA: Int,
    b: UnsafePointer<Float>, ldb: Int, bReadableColumns: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int,
    accumulate: Bool, rowBias: UnsafePointer<Float>?, relu: Bool
) {
    var i = 0
    while i < m {
        let mr = min(4, m - i)
        let a0 = a + i * rowStrideA
        let a1 = a + min(i + 1, m - 1) * rowStrideA
        let a2 = a + min(i + 2, m - 1) * rowStrideA
        let a3 = a + min(i + 3, m - 1) * rowStrideA
        var j = 0
        while j < n {
            let nr = min(24, n - j)
            let readable = min(24, bReadableColumns - j)
            var c00 = Vec8(), c01 = Vec8(), c02 = Vec8()
            var c10 = Vec8(), c11 = Vec8(), c12 = Vec8()
            var c20 = Vec8(), c21 = Vec8(), c22 = Vec8()
            var c30 = Vec8(), c31 = Vec8(), c32 = Vec8()
            var pb = b + j
            var offset = 0
            if readable == 24 {
                for _ in 0..<k {
                    let b0 = load8(pb), b1 = load8(pb + 8), b2 = load8(pb + 16)
                    let x0 = Vec8(repeating: a0[offset])
                    c00 = c00.addingProduct(x0, b0); c01 = c01.addingProduct(x0, b1); c02 = c02.addingProduct(x0, b2)
                    let x1 = Vec8(repeating: a1[offset])
                    c10 = c10.addingProduct(x1, b0); c11 = c11.addingProduct(x1, b1); c12 = c12.addingProduct(x1, b2)
                    let x2 = Vec8(repeating: a2[offset])
                    c20 = c20.addingProduct(x2, b0); c21 = c21.addingProduct(x2, b1); c22 = c22.addingProduct(x2, b2)
                    let x3 = Vec8(repeating: a3[offset])
                    c30 = c30.addingProduct(x3, b0); c31 = c31.addingProduct(x3, b1); c32 = c32.addingProduct(x3, b2)
                    pb += ldb
                    offset += colStrideA
                }
            } else {
                for _ in 0..<k {
                    let b0 = load8(pb, count: readable), b1 = load8(pb + 8, count: readable - 8)
                    let b2 = load8(pb + 16, count: readable - 16)
                    let x0 = Vec8(repeating: a0[offset])
                    c00 = c00.addingProduct(x0, b0); c01 = c01.addingProduct(x0, b1); c02 = c02.addingProduct(x0, b2)
                    let x1 = Vec8(repeating: a1[offset])
                    c10 = c10.addingProduct(x1, b0); c11 = c11.addingProduct(x1, b1); c12 = c12.addingProduct(x1, b2)
                    let x2 = Vec8(repeating: a2[offset])
                    c20 = c20.addingProduct(x2, b0); c21 = c21.addingProduct(x2, b1); c22 = c22.addingProduct(x2, b2)
                    let x3 = Vec8(repeating: a3[offset])
                    c30 = c30.addingProduct(x3, b0); c31 = c31.addingProduct(x3, b1); c32 = c32.addingProduct(x3, b2)
                    pb += ldb
                    offset += colStrideA
                }
            }
            let out = c + i * ldc + j
            storeRow(c00, c01, c02, out, nr, accumulate, rowBias?[i], relu)
            if mr > 1 { storeRow(c10, c11, c12, out + ldc, nr, accumulate, rowBias?[i + 1], relu) }
            if mr > 2 { storeRow(c20, c21, c22, out + 2 * ldc, nr, accumulate, rowBias?[i + 2], relu) }
            if mr > 3 { storeRow(c30, c31, c32, out + 3 * ldc, nr, accumulate, rowBias?[i + 3], relu) }
            j += 24
        }
        i += 4
    }
}

/// Epilogue of one tile row: optional accumulate, bias and ReLU, then a (partial) store.
@inline(__always)
func storeRow(_ v0: Vec8, _ v1: Vec8, _ v2: Vec8, _ out: UnsafeMutablePointer<Float>, _ count: Int,
              _ accumulate: Bool, _ bias: Float?, _ relu: Bool) {
    var r0 = v0, r1 = v1, r2 = v2
    if let bias {
        let bv = Vec8(repeating: bias)
        r0 += bv; r1 += bv; r2 += bv
    }
    if count == 24 {
        if accumulate { r0 += load8(out); r1 += load8(out + 8); r2 += load8(out + 16) }
        if relu {
            let zero = Vec8()
            r0 = pointwiseMax(r0, zero); r1 = pointwiseMax(r1, zero); r2 = pointwiseMax(r2, zero)
        }
        store8(r0, out); store8(r1, out + 8); store8(r2, out + 16)
    } else {
        if accumulate {
            r0 += load8(out, count: count)
            r1 += load8(out + 8, count: count - 8)
            r2 += load8(out + 16, count: count - 16)
        }
        if relu {
            let zero = Vec8()
            r0 = pointwiseMax(r0, zero); r1 = pointwiseMax(r1, zero); r2 = pointwiseMax(r2, zero)
        }
        store8(r0, out, count: count)
        store8(r1, out + 8, count: count - 8)
        store8(r2, out + 16, count: count - 16)
    }
}
