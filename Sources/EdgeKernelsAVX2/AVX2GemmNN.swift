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
            var c00 = Vec8(), c01 = Vec8(), c10 = Vec8(), c11 = Vec8(), c20 = Vec8(), c21 = Vec8()
            var c30 = Vec8(), c31 = Vec8(), c40 = Vec8(), c41 = Vec8()
            var pb = b + j
            var offset = 0
            if let bRowOffsets {
                let base = b + j
                for p in 0..<k {
                    let row = base + Int(bRowOffsets[p])
                    let b0 = load8(row), b1 = load8(row + 8)
                    let x0 = Vec8(repeating: a0[offset])
                    c00 = c00.addingProduct(x0, b0); c01 = c01.addingProduct(x0, b1)
                    let x1 = Vec8(repeating: a1[offset])
                    c10 = c10.addingProduct(x1, b0); c11 = c11.addingProduct(x1, b1)
                    let x2 = Vec8(repeating: a2[offset])
                    c20 = c20.addingProduct(x2, b0); c21 = c21.addingProduct(x2, b1)
                    let x3 = Vec8(repeating: a3[offset])
                    c30 = c30.addingProduct(x3, b0); c31 = c31.addingProduct(x3, b1)
                    let x4 = Vec8(repeating: a4[offset])
                    c40 = c40.addingProduct(x4, b0); c41 = c41.addingProduct(x4, b1)
                    offset += colStrideA
                }
            } else if readable == 16 {
                for _ in 0..<k {
                    let b0 = load8(pb), b1 = load8(pb + 8)
                    let x0 = Vec8(repeating: a0[offset])
                    c00 = c00.addingProduct(x0, b0); c01 = c01.addingProduct(x0, b1)
                    let x1 = Vec8(repeating: a1[offset])
                    c10 = c10.addingProduct(x1, b0); c11 = c11.addingProduct(x1, b1)
                    let x2 = Vec8(repeating: a2[offset])
                    c20 = c20.addingProduct(x2, b0); c21 = c21.addingProduct(x2, b1)
                    let x3 = Vec8(repeating: a3[offset])
                    c30 = c30.addingProduct(x3, b0); c31 = c31.addingProduct(x3, b1)
                    let x4 = Vec8(repeating: a4[offset])
                    c40 = c40.addingProduct(x4, b0); c41 = c41.addingProduct(x4, b1)
                    pb += ldb
                    offset += colStrideA
                }
            } else {
                for _ in 0..<k {
                    let b0 = load8(pb, count: readable), b1 = load8(pb + 8, count: readable - 8)
                    let x0 = Vec8(repeating: a0[offset])
                    c00 = c00.addingProduct(x0, b0); c01 = c01.addingProduct(x0, b1)
                    let x1 = Vec8(repeating: a1[offset])
                    c10 = c10.addingProduct(x1, b0); c11 = c11.addingProduct(x1, b1)
                    let x2 = Vec8(repeating: a2[offset])
                    c20 = c20.addingProduct(x2, b0); c21 = c21.addingProduct(x2, b1)
                    let x3 = Vec8(repeating: a3[offset])
                    c30 = c30.addingProduct(x3, b0); c31 = c31.addingProduct(x3, b1)
                    let x4 = Vec8(repeating: a4[offset])
                    c40 = c40.addingProduct(x4, b0); c41 = c41.addingProduct(x4, b1)
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
func storeRow(_ v0: Vec8, _ v1: Vec8, _ out: UnsafeMutablePointer<Float>, _ count: Int,
              _ accumulate: Bool, _ bias: Float?, _ relu: Bool) {
    var r0 = v0, r1 = v1
    if let bias {
        let bv = Vec8(repeating: bias)
        r0 += bv; r1 += bv
    }
    if count == 16 {
        if accumulate { r0 += load8(out); r1 += load8(out + 8) }
        if relu { r0 = pointwiseMax(r0, Vec8()); r1 = pointwiseMax(r1, Vec8()) }
        store8(r0, out); store8(r1, out + 8)
    } else {
        if accumulate {
            r0 += load8(out, count: count)
            r1 += load8(out + 8, count: count - 8)
        }
        if relu { r0 = pointwiseMax(r0, Vec8()); r1 = pointwiseMax(r1, Vec8()) }
        store8(r0, out, count: count)
        store8(r1, out + 8, count: count - 8)
    }
}
