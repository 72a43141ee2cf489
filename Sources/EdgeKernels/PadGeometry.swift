import EdgeTensor

/// How ``Pad`` fills the border (ONNX `Pad`'s `mode`).
public enum PadMode: String, Sendable, Hashable, CaseIterable {
    /// A constant value (zero unless given).
    case constant
    /// The input mirrored about its first and last element, which are not repeated (`dcb|abcd|cba`).
    case reflect
    /// The first and last element repeated (`aaa|abcd|ddd`).
    case edge
    /// The input repeated periodically (`bcd|abcd|abc`; ONNX opset 19).
    case wrap
}

/// The index arithmetic of padding one tensor (ONNX `Pad`), checked once: per axis, how many
/// elements go before and after (negative: that many are cropped), and the mode.
public struct PadGeometry: Sendable, Hashable {
    /// The input shape.
    public let input: Shape
    /// Elements added before each axis (negative crops).
    public let begins: [Int]
    /// Elements added after each axis (negative crops).
    public let ends: [Int]
    public let mode: PadMode
    /// The output shape, `input[i] + begins[i] + ends[i]`.
    public let outputShape: Shape
    /// Elements of the output.
    public let count: Int

    /// The geometry of padding `input` by `begins`/`ends` in `mode`.
    /// - Throws: `KernelError` when the counts do not match the rank, an output dim would be
    ///   below 1, or `reflect` pads an axis by its size or more (there is nothing to mirror).
    public init(input: Shape, begins: [Int], ends: [Int], mode: PadMode = .constant) throws(KernelError) {
        let rank = input.rank
        guard begins.count == rank, ends.count == rank else {
            throw KernelError("pad: \(begins.count)+\(ends.count) pads for the \(rank) axes of \(input)")
        }
        var dims: [Int] = []
        for axis in 0..<rank {
            let (n, b, e) = (input[axis], begins[axis], ends[axis])
            // Pads may be negative (cropping); each is bounded by the checked dims' limit.
            guard (-CheckedSize.limit...CheckedSize.limit).contains(b),
                (-CheckedSize.limit...CheckedSize.limit).contains(e),
                case let dim = n + b + e, dim >= 1,
                dim <= CheckedSize.limit
            else {
                throw KernelError("pad: axis \(axis) of \(input) padded by \(b) and \(e) is empty or too large")
            }
            if mode == .reflect, b >= n || e >= n, b > 0 || e > 0 {
                throw KernelError("pad: reflect pads axis \(axis) of size \(n) by \(b) and \(e) (at most \(n - 1))")
            }
            dims.append(dim)
        }
        let shape = Shape(dims)
        guard let count = CheckedSize.product(dims), count <= CheckedSize.limit else {
            throw KernelError("pad: the output \(dims) has more elements than any tensor may hold")
        }
        self.input = input
        self.begins = begins
        self.ends = ends
        self.mode = mode
        self.outputShape = shape
        self.count = count
    }

    /// The input index along an axis of size `n` that output index `o` reads, or nil for the
    /// constant.
    @inline(__always)
    func source(_ o: Int, size n: Int, begin: Int) -> Int? {
        let j = o - begin
        if j >= 0 && j < n { return j }
        switch mode {
        case .constant: return nil
        case .edge: return j < 0 ? 0 : n - 1
        case .reflect: return j < 0 ? -j : 2 * (n - 1) - j
        case .wrap:
            let r = j % n
            return r < 0 ? r + n : r
        }
    }
}
