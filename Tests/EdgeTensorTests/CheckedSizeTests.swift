import Testing

@testable import EdgeTensor

@Suite("CheckedSize")
struct CheckedSizeTests {
    @Test("products and sums report overflow and negatives as nil")
    func arithmetic() {
        #expect(CheckedSize.product(3, 4) == 12)
        #expect(CheckedSize.product(4_294_967_295, 4_294_967_295) == nil)  // a hostile PNG IHDR
        #expect(CheckedSize.product(2_147_483_647, 2_147_483_647) == 4_611_686_014_132_420_609)
        #expect(CheckedSize.product(Int.max, 2) == nil)
        #expect(CheckedSize.product(-1, 2) == nil)
        #expect(CheckedSize.product([]) == 1)
        #expect(CheckedSize.product([2, 3, 4]) == 24)
        #expect(CheckedSize.product([1 << 32, 1 << 32]) == nil)
        #expect(CheckedSize.product([0, 5]) == 0)
        #expect(CheckedSize.sum(Int.max, 1) == nil)
        #expect(CheckedSize.sum(2, 3) == 5)
        #expect(CheckedSize.sum(-2, 3) == nil)
    }

    @Test("count(_:of:) names the quantity and the problem")
    func count() throws {
        #expect(try CheckedSize.count([28, 28], of: "image") == 784)
        #expect(throws: SizeError("image: negative size -3 in [28, -3]")) {
            try CheckedSize.count([28, -3], of: "image")
        }
        #expect(throws: SizeError("image: 4294967295 × 4294967295 × 4 overflows")) {
            try CheckedSize.count([4_294_967_295, 4_294_967_295, 4], of: "image")
        }
        #expect(throws: SizeError("shape: 1048576 × 2097152 = 2199023255552 exceeds the limit of 1099511627776")) {
            try CheckedSize.count([1 << 20, 1 << 21], of: "shape")
        }
        #expect(try CheckedSize.count([10, 10], of: "x", limit: 100) == 100)
        #expect(throws: SizeError.self) { try CheckedSize.count([10, 11], of: "x", limit: 100) }
    }

    @Test("Shape(validating:) turns file sizes into errors instead of traps")
    func validatingShape() throws {
        #expect(try Shape(validating: [1, 1, 28, 28]) == Shape([1, 1, 28, 28]))
        #expect(try Shape(validating: []).elementCount == 1)
        #expect(throws: SizeError("shape: negative size -1 in [2, -1]")) { try Shape(validating: [2, -1]) }
        #expect(throws: SizeError.self) { try Shape(validating: [Int.max, Int.max]) }
        #expect(throws: SizeError.self) { try Shape(validating: [1 << 21, 1 << 21]) }
        // Zero elements, but strides of 2^64: refused, so contiguousStrides can never trap.
        #expect(throws: SizeError("shape [0,4294967296,4294967296]: 4294967296 × 4294967296 overflows")) {
            try Shape(validating: [0, 1 << 32, 1 << 32])
        }
        #expect(try Shape(validating: [0, 1 << 20]).contiguousStrides == [1 << 20, 1])
    }
}
