/// Concatenation along one axis (ONNX `Concat`, `torch.cat`): a strided copy per input, with
/// the layout from a ``ConcatGeometry``.
public enum Concat {
    /// Copies input `index` (`geometry.inputs[index].elementCount` floats at `input`) to its
    /// place in `output` (`geometry.outputCount` floats). No allocation; calling it for every
    /// input fills the whole output. `input` must not overlap `output`.
    public static func copy<Element>(
        _ geometry: ConcatGeometry, input index: Int, from input: UnsafePointer<Element>,
        into output: UnsafeMutablePointer<Element>
    ) {
        precondition(geometry.inputs.indices.contains(index), "concat: no input \(index)")
        let block = geometry.blockCounts[index]
        let offset = geometry.blockOffsets[index]
        for o in 0..<geometry.outer {
            (output + o * geometry.outputBlockCount + offset).update(from: input + o * block, count: block)
        }
    }

    /// Concatenates every input (`inputs[i]` holds `geometry.inputs[i].elementCount` floats)
    /// into `output`. No allocation: the caller owns the pointer list (a frozen plan keeps one).
    public static func forward(
        _ geometry: ConcatGeometry, inputs: UnsafeBufferPointer<UnsafePointer<Float>>,
        output: UnsafeMutablePointer<Float>
    ) {
        precondition(
            inputs.count == geometry.inputs.count, "concat: \(inputs.count) inputs for \(geometry.inputs.count)")
        for (index, input) in inputs.enumerated() { copy(geometry, input: index, from: input, into: output) }
    }

    /// Element by element over the output's coordinates (the oracle for tests).
    public static func forwardReference(
        _ geometry: ConcatGeometry, inputs: [UnsafePointer<Float>], output: UnsafeMutablePointer<Float>
    ) {
        let out = geometry.outputShape
        let axis = geometry.axis
        let strides = out.contiguousStrides
        for i in 0..<geometry.outputCount {
            var coordinate = (0..<out.rank).map { (i / strides[$0]) % out[$0] }
            var which = 0
            while coordinate[axis] >= geometry.inputs[which][axis] {
                coordinate[axis] -= geometry.inputs[which][axis]
                which += 1
            }
            let inStrides = geometry.inputs[which].contiguousStrides
            output[i] = inputs[which][zip(coordinate, inStrides).map { $0 * $1 }.reduce(0, +)]
        }
    }
}
