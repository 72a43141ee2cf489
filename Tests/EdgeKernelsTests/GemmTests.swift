import EdgeTensor
import Testing

@testable import EdgeKernels

@Suite struct GemmTests {
    static let sizes: [(Int, Int, Int)] = [
        (1, 1, 1), (1, 80, 3136), (3, 7, 17), (7, 17, 3), (17, 33, 9), (64, 196, 288),
        (6, 16, 5), (13, 31, 40), (5, 1, 64),
    ]

    @Test(arguments: [false, true], [false, true])
    func everyLayoutMatchesReferenceOnEveryPath(transposeA: Bool, transposeB: Bool) {
        var rng = SplitMix64(seed: transposeA ? (transposeB ? 1 : 2) : (transposeB ? 3 : 4))
        for (m, n, k) in Self.sizes {
            // Leading dimensions larger than the logical ones, to catch stride mistakes.
            let lda = (transposeA ? m : k) + 3
            let ldb = (transposeB ? k : n) + 5
            let ldc = n + 2
            let a = [Float].random((transposeA ? k : m) * lda, &rng)
            let b = [Float].random((transposeB ? n : k) * ldb, &rng)
            let prior = [Float].random(m * ldc, &rng)
            for accumulate in [false, true] {
                let expected = withOutputs([m * ldc]) { out in
                    out[0].update(from: prior, count: m * ldc)
                    Gemm.reference(
                        m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA, b: b, ldb: ldb,
                        transposeB: transposeB, c: out[0], ldc: ldc, accumulate: accumulate)
                }[0]
                for path in KernelPath.available {
                    let actual = withOutputs([m * ldc]) { out in
                        out[0].update(from: prior, count: m * ldc)
                        Gemm.multiply(
                            m: m, n: n, k: k, a: a, lda: lda, transposeA: transposeA, b: b, ldb: ldb,
                            transposeB: transposeB, c: out[0], ldc: ldc, accumulate: accumulate, path: path)
                    }[0]
                    let error = relativeError(actual, expected)
                    #expect(
                        error <= relativeTolerance,
                        "\(m)x\(n)x\(k) tA \(transposeA) tB \(transposeB) acc \(accumulate) \(path): \(error)")
                    // Padding columns between ldc rows are untouched.
                    for i in 0..<m { for j in n..<ldc { #expect(actual[i * ldc + j] == prior[i * ldc + j]) } }
                }
            }
        }
    }

    @Test func zeroInnerDimensionClearsOrKeepsC() {
        var c: [Float] = [1, 2, 3, 4]
        let a: [Float] = [9]
        let b: [Float] = [9]
        Gemm.multiply(m: 2, n: 2, k: 0, a: a, lda: 1, b: b, ldb: 2, c: &c, ldc: 2, accumulate: true)
        #expect(c == [1, 2, 3, 4])
        Gemm.multiply(m: 2, n: 2, k: 0, a: a, lda: 1, b: b, ldb: 2, c: &c, ldc: 2)
        #expect(c == [0, 0, 0, 0])
    }
}
