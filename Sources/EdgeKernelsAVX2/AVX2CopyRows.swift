/// Copies `rows` rows of `width` floats from `source` (row stride `sourceStride`) to
/// `destination` (row stride `destinationStride`): padding and un-padding images for the
/// implicit-GEMM convolution. Regions must not overlap.
@inline(never)
public func edgeAVX2CopyRows(rows: Int, width: Int, source: UnsafePointer<Float>, sourceStride: Int,
                             destination: UnsafeMutablePointer<Float>, destinationStride: Int) {
    let full = width & ~7
    for r in 0..<rows {
        let src = source + r * sourceStride
        let dst = destination + r * destinationStride
        var x = 0
        while x < full {
            store8(load8(src + x), dst + x)
            x += 8
        }
        if x < width { store8(load8(src + x, count: width - x), dst + x, count: width - x) }
    }
}
