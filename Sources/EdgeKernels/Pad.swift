/// Padding (ONNX `Pad`, `torch.nn.functional.pad`): copies the input into a larger (or, with
/// negative pads, cropped) output and fills the border as a ``PadGeometry`` says.
public enum Pad {
    /// Writes `input` (`geometry.input`'s layout) padded into `output` (`geometry.outputShape`),
    /// the border `value` in constant mode. No allocation; `output` must not overlap `input`.
    public static func forward(
        _ geometry: PadGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, value: Float = 0
    ) {
        let rank = geometry.input.rank
        guard rank > 0 else {
            output[0] = input[0]
            return
        }
        let last = rank - 1
        let inner = geometry.outputShape[last]
        let (n, begin) = (geometry.input[last], geometry.begins[last])
        // The run of the output row that reads the input row directly.
        let first = max(begin, 0)
        let end = min(begin + n, inner)
        let rows = geometry.count / inner
        for row in 0..<rows {
            let target = output + row * inner
            // The input row this output row reads, or nil when the row is all border.
            var rest = row
            var offset = 0
            var span = n
            var inside = true
            for axis in stride(from: last - 1, through: 0, by: -1) {
                let dim = geometry.outputShape[axis]
                let o = rest % dim
                rest /= dim
                guard let i = geometry.source(o, size: geometry.input[axis], begin: geometry.begins[axis]) else {
                    inside = false
                    break
                }
                offset += i * span
                span *= geometry.input[axis]
            }
            guard inside else {
                target.update(repeating: value, count: inner)
                continue
            }
            let source = input + offset
            for o in 0..<min(first, inner) {
                target[o] = geometry.source(o, size: n, begin: begin).map { source[$0] } ?? value
            }
            if end > first { (target + first).update(from: source + (first - begin), count: end - first) }
            for o in min(max(end, first), inner)..<inner {
                target[o] = geometry.source(o, size: n, begin: begin).map { source[$0] } ?? value
            }
        }
    }

    /// Element by element over the output's coordinates (the oracle for tests).
    public static func forwardReference(
        _ geometry: PadGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, value: Float
    ) {
        let out = geometry.outputShape
        let outStrides = out.contiguousStrides
        let inStrides = geometry.input.contiguousStrides
        for index in 0..<geometry.count {
            var offset = 0
            var inside = true
            for axis in 0..<out.rank {
                let o = (index / outStrides[axis]) % out[axis]
                let n = geometry.input[axis]
                var j = o - geometry.begins[axis]
                switch geometry.mode {
                case .constant: if j < 0 || j >= n { inside = false }
                case .edge: j = Swift.min(Swift.max(j, 0), n - 1)
                case .reflect: j = j < 0 ? -j : (j >= n ? 2 * (n - 1) - j : j)
                case .wrap: j = ((j % n) + n) % n
                }
                offset += j * inStrides[axis]
            }
            output[index] = inside ? input[offset] : value
        }
    }
}
