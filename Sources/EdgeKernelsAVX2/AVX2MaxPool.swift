/// 2×2 max pooling with stride 2 and no padding over `planes` planes of `inHeight × inWidth`,
/// writing the output (`inHeight/2 × inWidth/2` per plane, floor) and the argmax (index within
/// the input plane; ties go to the first position in row-major window order).
@inline(never)
public func edgeAVX2MaxPool2x2(planes: Int, inHeight: Int, inWidth: Int, input: UnsafePointer<Float>,
                               output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?) {
    let outHeight = inHeight / 2, outWidth = inWidth / 2
    let lanes = SIMD8<Int32>(0, 2, 4, 6, 8, 10, 12, 14)
    for plane in 0..<planes {
        let src = input + plane * inHeight * inWidth
        let dst = output + plane * outHeight * outWidth
        let idx = argmax.map { $0 + plane * outHeight * outWidth }
        for oh in 0..<outHeight {
            let row0 = src + 2 * oh * inWidth, row1 = row0 + inWidth
            var ow = 0
            while ow < outWidth {
                let n = min(8, outWidth - ow)
                // 2n input columns starting at 2·ow, split into even and odd columns.
                let top = SIMD16<Float>(lowHalf: load8(row0 + 2 * ow, count: 2 * n),
                                        highHalf: load8(row0 + 2 * ow + 8, count: 2 * n - 8))
                let bottom = SIMD16<Float>(lowHalf: load8(row1 + 2 * ow, count: 2 * n),
                                           highHalf: load8(row1 + 2 * ow + 8, count: 2 * n - 8))
                let a = top.evenHalf, b = top.oddHalf, c = bottom.evenHalf, d = bottom.oddHalf
                var best = a
                var offset = SIMD8<Int32>(repeating: 0)
                let takeB = b .> best
                best.replace(with: b, where: takeB)
                offset.replace(with: 1, where: takeB)
                let takeC = c .> best
                best.replace(with: c, where: takeC)
                offset.replace(with: Int32(inWidth), where: takeC)
                let takeD = d .> best
                best.replace(with: d, where: takeD)
                offset.replace(with: Int32(inWidth + 1), where: takeD)
                store8(best, dst + oh * outWidth + ow, count: n)
                if let idx {
                    let base = SIMD8<Int32>(repeating: Int32(2 * oh * inWidth + 2 * ow)) &+ lanes &+ offset
                    let out = idx + oh * outWidth + ow
                    for lane in 0..<n { out[lane] = base[lane] }
                }
                ow += 8
            }
        }
    }
}
