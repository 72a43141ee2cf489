import Testing

@testable import EdgeTensor

@Suite struct TensorTests {
    @Test func contiguousStridesAndCount() {
        let shape: Shape = [2, 3, 4, 5]
        #expect(shape.contiguousStrides == [60, 20, 5, 1])
        #expect(shape.elementCount == 120)
        #expect(Shape([]).elementCount == 1)
    }

    @Test func storageIsAligned() {
        for count in [1, 3, 17, 1000] {
            let tensor = Tensor<Float>(shape: [count])
            tensor.withUnsafeBufferPointer { buffer in
                #expect(Int(bitPattern: buffer.baseAddress!) % 64 == 0)
            }
        }
    }

    @Test func reshapeSharesStorageAndCopyOnWrite() {
        let a = Tensor<Float>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        var b = a.reshaped([3, 2])
        #expect(b[2, 1] == 6)
        b[0, 0] = 42
        #expect(a[0, 0] == 1)
        #expect(b.scalars == [42, 2, 3, 4, 5, 6])
    }

    @Test func sliceAndPermuteViews() {
        let a = Tensor<Int32>(shape: [3, 4], scalars: (0..<12).map { Int32($0) })
        let rows = a.sliced(1..<3)
        #expect(rows.scalars == [4, 5, 6, 7, 8, 9, 10, 11])
        let columns = a.sliced(1..<3, axis: 1)
        #expect(!columns.isContiguous)
        #expect(columns.scalars == [1, 2, 5, 6, 9, 10])
        let t = a.transposed()
        #expect(t.shape == [4, 3])
        #expect(t.scalars == [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
        #expect(t.contiguous().isContiguous)
        var m = columns
        m[0, 0] = -1
        #expect(a[0, 1] == 1)
        #expect(m.scalars == [-1, 2, 5, 6, 9, 10])
    }

    @Test func elementTypes() {
        #expect(Tensor<Int8>(shape: [2], repeating: -3).scalars == [-3, -3])
        #expect(Tensor<UInt8>(shape: [1]).dtype == .uint8)
        #expect(DType.float32.byteSize == 4 && DType.int8.byteSize == 1)
    }
}
