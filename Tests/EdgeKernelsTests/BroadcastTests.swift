import EdgeTensor
import Testing

@testable import EdgeKernels

@Suite struct BroadcastTests {
    /// Operand shape pairs covering scalars, trailing and leading broadcasts, both operands
    /// broadcasting at once, and same shapes.
    static let pairs: [(Shape, Shape)] = [
        ([2, 3], [2, 3]), ([2, 3], []), ([], [4]), ([2, 3, 4], [4]), ([2, 3, 4], [3, 1]), ([1, 3, 1], [2, 1, 4]),
        ([3, 4, 5], [3, 1, 5]), ([1, 4, 1, 6], [2, 1, 5, 1]), ([2, 1, 1, 3], [1]), ([5, 1], [1, 7]),
    ]

    @Test func geometryShapes() throws {
        #expect(try BroadcastGeometry(a: [2, 3, 4], b: [3, 1]).outputShape == [2, 3, 4])
        #expect(try BroadcastGeometry(a: [1, 3, 1], b: [2, 1, 4]).outputShape == [2, 3, 4])
        #expect(try BroadcastGeometry(a: [], b: []).outputShape == [])
        #expect(try BroadcastGeometry(a: [2, 3], b: [2, 3]).isElementwise)
        #expect(try !BroadcastGeometry(a: [2, 3], b: [3]).isElementwise)
        var problem: KernelError?
        do { _ = try BroadcastGeometry(a: [2, 3], b: [2]) } catch { problem = error }
        #expect(problem == KernelError("broadcast: shapes [2,3] and [2] do not broadcast"))
    }

    @Test("Add and Mul broadcast like numpy: hand-computed values")
    func handComputed() throws {
        let a = Tensor<Float>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let row = Tensor<Float>(shape: [3], scalars: [10, 20, 30])
        let column = Tensor<Float>(shape: [2, 1], scalars: [100, 200])
        #expect(try Add.forward(a, row).scalars == [11, 22, 33, 14, 25, 36])
        #expect(try Add.forward(row, column).scalars == [110, 120, 130, 210, 220, 230])
        #expect(try Mul.forward(a, column).scalars == [100, 200, 300, 800, 1000, 1200])
        #expect(try Mul.forward(a, Tensor(shape: [], scalars: [2])).scalars == [2, 4, 6, 8, 10, 12])
        #expect(try Mul.forward(a, a).scalars == [1, 4, 9, 16, 25, 36])
        #expect(try Add.forward(column, row).shape == [2, 3])
    }

    @Test("the merged-axis pointer level equals the naive reference on every path", arguments: 0..<pairs.count)
    func matchesReference(_ index: Int) throws {
        let (sa, sb) = Self.pairs[index]
        let geometry = try BroadcastGeometry(a: sa, b: sb)
        var rng = SplitMix64(seed: UInt64(index))
        let a = [Float].random(sa.elementCount, &rng)
        let b = [Float].random(sb.elementCount, &rng)
        let n = geometry.outputCount
        let expected = withOutputs([n, n]) { out in
            Add.forwardReference(geometry, a: a, b: b, output: out[0])
            Mul.forwardReference(geometry, a: a, b: b, output: out[1])
        }
        for path in KernelPath.available {
            let actual = withOutputs([n, n]) { out in
                Add.forward(geometry, a: a, b: b, output: out[0], path: path)
                Mul.forward(geometry, a: a, b: b, output: out[1])
            }
            #expect(actual == expected, "\(sa) ⊙ \(sb) on \(path)")
        }
        // Swapped operands give the same sums.
        let swapped = try BroadcastGeometry(a: sb, b: sa)
        let sums = withOutputs([n]) { Add.forward(swapped, a: b, b: a, output: $0[0]) }
        #expect(sums[0] == expected[0])
    }
}
