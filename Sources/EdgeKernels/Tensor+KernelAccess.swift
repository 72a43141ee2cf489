import EdgeTensor

extension Tensor where Element == Float {
    /// Calls `body` with a pointer to the contiguous elements (copying strided views first).
    func withPointer<R>(_ body: (UnsafePointer<Float>) -> R) -> R {
        withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    /// A new contiguous tensor of `shape` whose elements `body` writes through a pointer.
    static func filled(_ shape: Shape, _ body: (UnsafeMutablePointer<Float>) -> Void) -> Tensor<Float> {
        Tensor(shape: shape) { body($0.baseAddress!) }
    }
}

extension Optional where Wrapped == Tensor<Float> {
    /// Calls `body` with the tensor's pointer, or nil when there is no tensor.
    func withOptionalPointer<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
        switch self {
        case .some(let tensor): tensor.withPointer { body($0) }
        case .none: body(nil)
        }
    }
}

/// Scratch floats for a Tensor-level call, freed when `body` returns.
func withScratch<R>(_ count: Int, _ body: (UnsafeMutableBufferPointer<Float>) -> R) -> R {
    let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(count, 1))
    defer { buffer.deallocate() }
    return body(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
}

/// Throws `KernelError("<kernel>: <what> has shape X, expected Y")` unless the shapes match.
func requireShape(_ kernel: String, _ what: String, _ actual: Shape, _ expected: [Int]) throws(KernelError) {
    guard actual.dims == expected else {
        throw KernelError("\(kernel): \(what) has shape \(actual), expected \(Shape(expected))")
    }
}

/// Throws unless `shape` has `rank` dimensions.
func requireRank(_ kernel: String, _ what: String, _ shape: Shape, _ rank: Int) throws(KernelError) {
    guard shape.rank == rank else {
        throw KernelError("\(kernel): \(what) has shape \(shape), expected rank \(rank)")
    }
}
