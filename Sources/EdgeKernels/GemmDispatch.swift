#if canImport(EdgeKernelsAVX2)
    import EdgeKernelsAVX2
#endif
#if canImport(CEdgeAVX512)
    import CEdgeAVX512
#endif

/// Routes a GEMM to the implementation of a kernel path.
enum GemmDispatch {
    static func multiply(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
        b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool,
        path: KernelPath
    ) {
        switch path {
        case .portable:
            PortableGemm.multiply(
                m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA,
                b: b, ldb: ldb, transposeB: transposeB, c: c, ldc: ldc, accumulate: accumulate)
        case .avx2, .avx512:
            #if canImport(EdgeKernelsAVX2) && canImport(CEdgeAVX512)
                if !transposeB && path == .avx512 {
                    edge_avx512_gemm_nn(
                        Int64(m), Int64(n), Int64(k), a, Int64(transposeA ? 1 : lda),
                        Int64(transposeA ? lda : 1), b, Int64(ldb), nil, c, Int64(ldc),
                        accumulate ? 1 : 0, nil, 0)
                } else if !transposeA && transposeB && path == .avx512 {
                    edge_avx512_gemm_nt(
                        Int64(m), Int64(n), Int64(k), a, Int64(lda), b, Int64(ldb), nil, c, Int64(ldc),
                        accumulate ? 1 : 0, nil, 0)
                } else if !transposeB {
                    edgeAVX2GemmNN(
                        m: m, n: n, k: k, a: a, rowStrideA: transposeA ? 1 : lda,
                        colStrideA: transposeA ? lda : 1, b: b, ldb: ldb, bRowOffsets: nil, bReadableColumns: n,
                        c: c, ldc: ldc, accumulate: accumulate, rowBias: nil, relu: false)
                } else if !transposeA {
                    edgeAVX2GemmNT(
                        m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc,
                        accumulate: accumulate, columnBias: nil, relu: false)
                } else {
                    PortableGemm.multiply(
                        m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA,
                        b: b, ldb: ldb, transposeB: transposeB, c: c, ldc: ldc, accumulate: accumulate)
                }
            #else
                preconditionFailure("kernel path \(path) is not compiled into this build")
            #endif
        }
    }

    /// `C = A·B + rowBias[i]` (per row of C), then ReLU if asked; A and B untransposed.
    /// `bReadableColumns` (≥ n) columns of every B row may be read.
    static func multiplyWithEpilogue(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, bReadableColumns: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        rowBias: UnsafePointer<Float>?, relu: Bool, path: KernelPath
    ) {
        switch path {
        case .portable:
            PortableGemm.multiply(
                m: m, n: n, k: k, a: a, lda: lda, transposeA: false, b: b, ldb: ldb,
                transposeB: false, c: c, ldc: ldc, accumulate: false)
            if rowBias == nil && !relu { return }
            for i in 0..<m {
                let row = c + i * ldc
                let add = rowBias?[i] ?? 0
                if relu {
                    for j in 0..<n { row[j] = max(row[j] + add, 0) }
                } else {
                    for j in 0..<n { row[j] += add }
                }
            }
        case .avx512:
            #if canImport(CEdgeAVX512)
                edge_avx512_gemm_nn(
                    Int64(m), Int64(n), Int64(k), a, Int64(lda), 1, b, Int64(ldb), nil, c, Int64(ldc),
                    0, rowBias, relu ? 1 : 0)
            #else
                preconditionFailure("kernel path \(path) is not compiled into this build")
            #endif
        case .avx2:
            #if canImport(EdgeKernelsAVX2)
                edgeAVX2GemmNN(
                    m: m, n: n, k: k, a: a, rowStrideA: lda, colStrideA: 1, b: b, ldb: ldb, bRowOffsets: nil,
                    bReadableColumns: bReadableColumns, c: c, ldc: ldc, accumulate: false,
                    rowBias: rowBias, relu: relu)
            #else
                preconditionFailure("kernel path \(path) is not compiled into this build")
            #endif
        }
    }

    /// `C = A·B + rowBias` (then ReLU) where B row p starts at `b + rowOffsets[p]`; whole
    /// 16-column tiles of every B row and of every C row must be addressable (see `Conv2DImplicit`).
    static func multiplyOffsetRows(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, rowOffsets: UnsafePointer<Int32>,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        rowBias: UnsafePointer<Float>?, relu: Bool, path: KernelPath
    ) {
        switch path {
        case .portable:
            for i in 0..<m {
                let cRow = c + i * ldc
                cRow.update(repeating: rowBias?[i] ?? 0, count: n)
                for p in 0..<k {
                    let av = a[i * lda + p]
                    let bRow = b + Int(rowOffsets[p])
                    for j in 0..<n { cRow[j] += av * bRow[j] }
                }
                if relu { for j in 0..<n { cRow[j] = max(cRow[j], 0) } }
            }
        case .avx512:
            #if canImport(CEdgeAVX512)
                edge_avx512_gemm_nn(
                    Int64(m), Int64(n), Int64(k), a, Int64(lda), 1, b, 0, rowOffsets, c, Int64(ldc),
                    0, rowBias, relu ? 1 : 0)
            #else
                preconditionFailure("kernel path \(path) is not compiled into this build")
            #endif
        case .avx2:
            #if canImport(EdgeKernelsAVX2)
                edgeAVX2GemmNN(
                    m: m, n: n, k: k, a: a, rowStrideA: lda, colStrideA: 1, b: b, ldb: 0,
                    bRowOffsets: rowOffsets, bReadableColumns: (n + 15) / 16 * 16, c: c, ldc: ldc,
                    accumulate: false, rowBias: rowBias, relu: relu)
            #else
                preconditionFailure("kernel path \(path) is not compiled into this build")
            #endif
        }
    }

    /// `C (+)= A·Bᵀ` where B row j starts at `b + rowOffsets[j]` (k elements read per row).
    static func multiplyTransposedOffsetRows(
        m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, rowOffsets: UnsafePointer<Int32>,
        c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, path: KernelPath
    ) {
        switch path {
        case .portable:
            for i in 0..<m {
                for j in 0..<n {
                    let aRow = a + i * lda
                    let bRow = b + Int(rowOffsets[j])
                    var sum: Float = 0
                    for p in 0..<k { sum += aRow[p] * bRow[p] }
                    c[i * ldc + j] = accumulate ? c[i * ldc + j] + sum : sum
                }
            }
        case .avx512:
            #if canImport(CEdgeAVX512)
                edge_avx512_gemm_nt(
                    Int64(m), Int64(n), Int64(k), a, Int64(lda), b, 0, rowOffsets, c, Int64(ldc),
                    accumulate ? 1 : 0, nil, 0)
            #else
                preconditionFailure("kernel path \(path) is not compiled into this build")
            #endif
        case .avx2:
            #if canImport(EdgeKernelsAVX2)
                edgeAVX2GemmNT(
                    m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: 0, bRowOffsets: rowOffsets, c: c, ldc: ldc,
                    accumulate: accumulate, columnBias: nil, relu: false)
            #else
                preconditionFailure("kernel path \(path) is not compiled into this build")
            #endif
        }
    }
}
