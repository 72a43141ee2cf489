import EdgeTensor
import Testing

@testable import EdgeKernels

@Suite struct ConcatTransposeTests {
    @Test func concatHandComputed() throws {
        let a = Tensor<Float>(shape: [2, 2], scalars: [1, 2, 3, 4])
        let b = Tensor<Float>(shape: [2, 1], scalars: [5, 6])
        let c = Tensor<Float>(shape: [1, 2], scalars: [7, 8])
        #expect(try Concat.forward([a, b], axis: 1).scalars == [1, 2, 5, 3, 4, 6])
        #expect(try Concat.forward([a, b], axis: -1).shape == [2, 3])
        #expect(try Concat.forward([a, c], axis: 0).scalars == [1, 2, 3, 4, 7, 8])
        #expect(try Concat.forward([a], axis: 0).scalars == a.scalars)
        var problems: [KernelError] = []
        for (inputs, axis) in [([a, b], 0), ([a, c], 2), ([a, Tensor(shape: [4])], 0)] {
            do { _ = try Concat.forward(inputs, axis: axis) } catch { problems.append(error) }
        }
        #expect(
            problems.map(\.message) == [
                "concat: input [2,1] differs from [2,2] off axis 0", "concat: axis 2 is outside -2..<2 for [2,2]",
                "concat: input [4] has rank 1, the first input [2,2] 2",
            ])
    }

    @Test("concat's block copies equal the element-wise reference", arguments: [0, 1, 2, -1])
    func concatMatchesReference(_ axis: Int) throws {
        let shapes: [Shape] =
            switch axis {
            case 0: [[1, 3, 4], [2, 3, 4], [3, 3, 4]]
            case 1: [[2, 1, 4], [2, 5, 4]]
            default: [[2, 3, 1], [2, 3, 2], [2, 3, 3]]
            }
        let geometry = try ConcatGeometry(inputs: shapes, axis: axis)
        var rng = SplitMix64(seed: 7)
        let inputs = shapes.map { [Float].random($0.elementCount, &rng) }
        let pointers = inputs.map { array in
            let p = UnsafeMutablePointer<Float>.allocate(capacity: array.count)
            p.initialize(from: array, count: array.count)
            return UnsafePointer(p)
        }
        defer { for p in pointers { p.deallocate() } }
        let n = geometry.outputCount
        let result = withOutputs([n, n]) { out in
            Concat.forwardReference(geometry, inputs: pointers, output: out[0])
            pointers.withUnsafeBufferPointer { Concat.forward(geometry, inputs: $0, output: out[1]) }
        }
        #expect(result[0] == result[1])
    }

    @Test func transposeHandComputed() throws {
        let x = Tensor<Float>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(try Transpose.forward(x).scalars == [1, 4, 2, 5, 3, 6])
        #expect(try Transpose.forward(x).shape == [3, 2])
        #expect(try Transpose.forward(x, perm: [0, 1]).scalars == x.scalars)
        let cube = Tensor<Float>(shape: [2, 2, 2], scalars: [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(try Transpose.forward(cube, perm: [2, 0, 1]).scalars == [0, 2, 4, 6, 1, 3, 5, 7])
        var problem: KernelError?
        do { _ = try Transpose.forward(x, perm: [0, 0]) } catch { problem = error }
        #expect(problem?.message == "transpose: perm [0, 0] is not a permutation of the 2 axes of [2,3]")
    }

    @Test(
        "transpose's merged strided copy equals the element-wise reference",
        arguments: [[0, 1, 2, 3], [3, 2, 1, 0], [0, 2, 3, 1], [1, 0, 2, 3], [2, 3, 0, 1], [0, 1, 3, 2]])
    func transposeMatchesReference(_ perm: [Int]) throws {
        for shape: Shape in [[2, 3, 4, 5], [1, 3, 1, 5], [2, 1, 4, 1]] {
            let geometry = try TransposeGeometry(input: shape, perm: perm)
            var rng = SplitMix64(seed: 3)
            let x = [Float].random(shape.elementCount, &rng)
            let n = geometry.count
            let result = withOutputs([n, n]) { out in
                Transpose.forwardReference(geometry, input: x, output: out[0])
                Transpose.forward(geometry, input: x, output: out[1])
            }
            #expect(result[0] == result[1], "\(shape) by \(perm)")
        }
    }
}
