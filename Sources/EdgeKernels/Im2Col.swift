/// Lowering between an image (one group of one batch item) and its im2col matrix.
///
/// The matrix has `patchSize` rows (input channel, kernel row, kernel column; the OIHW weight
/// order) and `outSpatial` columns (output row, output column), with leading dimension `ld`
/// (≥ outSpatial). Padding positions read as zero; columns `outSpatial..<ld` are zeroed so
/// SIMD code may read whole vectors.
enum Im2Col {
    /// Writes the im2col matrix of `channels` input planes starting at `image`.
    static func lower(
        _ g: Conv2DGeometry, image: UnsafePointer<Float>, channels: Int,
        into col: UnsafeMutablePointer<Float>, ld: Int
    ) {
        let p = g.parameters
        let outH = g.outHeight
        let outW = g.outWidth
        let inH = g.inHeight
        let inW = g.inWidth
        var row = col
        for c in 0..<channels {
            let plane = image + c * g.inSpatial
            for kh in 0..<g.kernelHeight {
                for kw in 0..<g.kernelWidth {
                    let colOffset = kw * p.dilationWidth - p.padLeft
                    // Output columns whose input column lies inside the image.
                    let owStart = colOffset >= 0 ? 0 : min(outW, (-colOffset + p.strideWidth - 1) / p.strideWidth)
                    let owEnd = max(owStart, min(outW, (inW - colOffset + p.strideWidth - 1) / p.strideWidth))
                    for oh in 0..<outH {
                        let dst = row + oh * outW
                        let ih = oh * p.strideHeight - p.padTop + kh * p.dilationHeight
                        if ih < 0 || ih >= inH {
                            dst.update(repeating: 0, count: outW)
                            continue
                        }
                        let src = plane + ih * inW + colOffset
                        for ow in 0..<owStart { dst[ow] = 0 }
                        if p.strideWidth == 1 {
                            (dst + owStart).update(from: src + owStart, count: owEnd - owStart)
                        } else {
                            for ow in owStart..<owEnd { dst[ow] = src[ow * p.strideWidth] }
                        }
                        for ow in owEnd..<outW { dst[ow] = 0 }
                    }
                    if ld > outH * outW { (row + outH * outW).update(repeating: 0, count: ld - outH * outW) }
                    row += ld
                }
            }
        }
    }

    /// Adds the column matrix back into `channels` image planes (the transpose of `lower`).
    /// The planes must be initialised (e.g. zeroed) by the caller.
    static func raise(
        _ g: Conv2DGeometry, col: UnsafePointer<Float>, ld: Int, channels: Int,
        into image: UnsafeMutablePointer<Float>
    ) {
        let p = g.parameters
        let outH = g.outHeight
        let outW = g.outWidth
        let inH = g.inHeight
        let inW = g.inWidth
        var row = col
        for c in 0..<channels {
            let plane = image + c * g.inSpatial
            for kh in 0..<g.kernelHeight {
                for kw in 0..<g.kernelWidth {
                    let colOffset = kw * p.dilationWidth - p.padLeft
                    let owStart = colOffset >= 0 ? 0 : min(outW, (-colOffset + p.strideWidth - 1) / p.strideWidth)
                    let owEnd = max(owStart, min(outW, (inW - colOffset + p.strideWidth - 1) / p.strideWidth))
                    for oh in 0..<outH {
                        let ih = oh * p.strideHeight - p.padTop + kh * p.dilationHeight
                        if ih < 0 || ih >= inH { continue }
                        let src = row + oh * outW
                        let dst = plane + ih * inW + colOffset
                        if p.strideWidth == 1 {
                            for ow in owStart..<owEnd { dst[ow] += src[ow] }
                        } else {
                            for ow in owStart..<owEnd { dst[ow * p.strideWidth] += src[ow] }
                        }
                    }
                    row += ld
                }
            }
        }
    }
}
