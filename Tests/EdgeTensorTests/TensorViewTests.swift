import Testing

@testable import EdgeTensor

@Suite struct TensorViewTests {
    @Test func unitDimensionsDoNotBreakContiguity() {
        let a = Tensor<Float>(shape: [1, 3, 1, 4], scalars: (0..<12).map(Float.init))
        #expect(a.isContiguous)
        // A permutation that only moves unit axes keeps the same element order.
        let moved = a.permuted([2, 1, 0, 3])
        #expect(moved.isContiguous)
        #expect(moved.scalars == a.scalars)
    }

    @Test func stridedViewsHandOutContiguousCopiesToPointerCode() {
        let a = Tensor<Float>(shape: [3, 4], scalars: (0..<12).map(Float.init))
        let t = a.transposed()
        let seen = t.withUnsafeBufferPointer { Array($0) }
        #expect(seen == [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
        let slice = a.sliced(1..<3)
        slice.withUnsafeBufferPointer { buffer in
            #expect(buffer.count == 8)
            #expect(Array(buffer) == [4, 5, 6, 7, 8, 9, 10, 11])
        }
    }

    @Test func mutatingAViewLeavesTheBaseAlone() {
        let base = Tensor<Float>(shape: [2, 2, 2], scalars: (0..<8).map(Float.init))
        var view = base.sliced(1..<2, axis: 0).reshaped([4])
        view.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { buffer[i] *= 10 }
        }
        #expect(view.scalars == [40, 50, 60, 70])
        #expect(base.scalars == (0..<8).map(Float.init))
        #expect(
            view.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress!) % AlignedStorage<Float>.alignment } == 0)
    }

    @Test func maxAbsDifferenceAndEquality() {
        let a = Tensor<Float>(shape: [2, 2], scalars: [1, 2, 3, 4])
        let b = Tensor<Float>(shape: [2, 2], scalars: [1, 2.5, 3, 3])
        #expect(a.maxAbsDifference(b) == 1)
        #expect(a == a.reshaped([2, 2]))
        #expect(a != b)
        #expect(Tensor<Int32>(shape: [2], scalars: [1, 2]).description == "Tensor<int32>[2][1, 2]")
    }
}
