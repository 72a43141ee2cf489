/// Axis permutation (ONNX `Transpose`, `torch.permute`): a strided gather with the index
/// arithmetic from a ``TransposeGeometry``.
public enum Transpose {
    /// Writes `input` (`geometry.count` elements in `geometry.input`'s layout) permuted into
    /// `output` (`geometry.outputShape`). No allocation; `output` must not overlap `input`.
    public static func forward<Element>(
        _ geometry: TransposeGeometry, input: UnsafePointer<Element>, output: UnsafeMutablePointer<Element>
    ) {
        let last = geometry.dims.count - 1
        let inner = geometry.dims[last]
        let step = geometry.inputStrides[last]
        guard inner > 0 else { return }
        let rows = geometry.count / inner
        for row in 0..<rows {
            var rest = row * inner
            var offset = 0
            for axis in 0..<last {
                let index = rest / geometry.outputStrides[axis]
                rest -= index * geometry.outputStrides[axis]
                offset += index * geometry.inputStrides[axis]
            }
            let source = input + offset
            let target = output + row * inner
            if step == 1 {
                target.update(from: source, count: inner)
            } else {
                for j in 0..<inner { target[j] = source[j * step] }
            }
        }
    }

    /// Element by element over the output's coordinates (the oracle for tests).
    public static func forwardReference(
        _ geometry: TransposeGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
    ) {
        let out = geometry.outputShape
        let outStrides = out.contiguousStrides
        let inStrides = geometry.input.contiguousStrides
        for i in 0..<geometry.count {
            var offset = 0
            for axis in 0..<out.rank { offset += ((i / outStrides[axis]) % out[axis]) * inStrides[geometry.perm[axis]] }
            output[i] = input[offset]
        }
    }
}
