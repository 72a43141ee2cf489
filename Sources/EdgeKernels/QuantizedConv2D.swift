/// Integer 2-D convolution, NCHW: int8 activations × int8 weights `[Cout, Cin, kH, kW]`
/// (symmetric) accumulated in int32, an int32 bias, per-channel requantization, optional fused
/// ReLU (`lower = zero point`). One group.
///
/// The portable kernel gathers each output pixel's patch (padding filled with the input zero
/// point, which then contributes exactly nothing) and runs ``QuantizedGemm``'s row-sum form.
public enum QuantizedConv2D {
    /// Int8 scratch the portable kernel needs: one patch column per output pixel.
    public static func scratchCount(_ g: Conv2DGeometry) -> Int { g.patchSize * g.outSpatial }

    /// - Parameters:
    ///   - layer: weights flattened to `[Cout, Cin·kH·kW]` (the Gemm layout), bias, multipliers.
    ///   - scratch: at least ``scratchCount(_:)`` values.
    public static func forward(
        _ g: Conv2DGeometry, _ layer: QuantizedGemm.Layer, input: UnsafePointer<Int8>,
        output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutablePointer<Int8>, _ out: QuantizedGemm.Output
    ) {
        precondition(g.parameters.groups == 1, "grouped integer convolution is not implemented")
        precondition(layer.inFeatures == g.patchSize && layer.outFeatures == g.outChannels)
        let p = g.parameters
        let pad = Int8(truncatingIfNeeded: out.inputZeroPoint)
        let spatial = g.outSpatial
        for b in 0..<g.batch {
            let x = input + b * g.inChannels * g.inSpatial
            // Row-major patches: scratch[pixel · patch + (c, ky, kx)].
            for oy in 0..<g.outHeight {
                for ox in 0..<g.outWidth {
                    var column = scratch + (oy * g.outWidth + ox) * g.patchSize
                    for c in 0..<g.inChannels {
                        for ky in 0..<g.kernelHeight {
                            let iy = oy * p.strideHeight - p.padTop + ky * p.dilationHeight
                            for kx in 0..<g.kernelWidth {
                                let ix = ox * p.strideWidth - p.padLeft + kx * p.dilationWidth
                                column.pointee =
                                    iy >= 0 && iy < g.inHeight && ix >= 0 && ix < g.inWidth
                                    ? x[(c * g.inHeight + iy) * g.inWidth + ix] : pad
                                column += 1
                            }
                        }
                    }
                }
            }
            // Gemm over the patches gives [pixel, channel]; the output is [channel, pixel].
            let y = output + b * g.outChannels * spatial
            layer.weights.withUnsafeBufferPointer { w in
                for pixel in 0..<spatial {
                    let column = scratch + pixel * g.patchSize
                    for n in 0..<g.outChannels {
                        let row = w.baseAddress! + n * g.patchSize
                        var acc: Int32 = 0
                        for i in 0..<g.patchSize { acc &+= Int32(column[i]) &* Int32(row[i]) }
                        acc = acc &+ layer.bias[n] &- out.inputZeroPoint &* layer.rowSums[n]
                        y[n * spatial + pixel] = Int8(
                            truncatingIfNeeded: layer.requantization[n].apply(
                                acc, zeroPoint: out.zeroPoint, lower: out.lower, upper: out.upper))
                    }
                }
            }
        }
    }

    /// The naive version (the oracle for tests): `Σ (x − zx)·w + b` over the taps inside the image.
    public static func forwardReference(
        _ g: Conv2DGeometry, _ layer: QuantizedGemm.Layer, input: [Int8], _ out: QuantizedGemm.Output
    ) -> [Int8] {
        let p = g.parameters
        var result = [Int8](repeating: 0, count: g.outputCount)
        for b in 0..<g.batch {
            for n in 0..<g.outChannels {
                for oy in 0..<g.outHeight {
                    for ox in 0..<g.outWidth {
                        var acc = Int64(layer.bias[n])
                        for c in 0..<g.inChannels {
                            for ky in 0..<g.kernelHeight {
                                for kx in 0..<g.kernelWidth {
                                    let iy = oy * p.strideHeight - p.padTop + ky * p.dilationHeight
                                    let ix = ox * p.strideWidth - p.padLeft + kx * p.dilationWidth
                                    guard iy >= 0 && iy < g.inHeight && ix >= 0 && ix < g.inWidth else { continue }
                                    let xv = Int64(input[((b * g.inChannels + c) * g.inHeight + iy) * g.inWidth + ix])
                                    let wv = Int64(
                                        layer.weights[
                                            ((n * g.inChannels + c) * g.kernelHeight + ky) * g.kernelWidth + kx])
                                    acc += (xv - Int64(out.inputZeroPoint)) * wv
                                }
                            }
                        }
                        result[((b * g.outChannels + n) * g.outHeight + oy) * g.outWidth + ox] = Int8(
                            layer.requantization[n].apply(
                                Int32(acc), zeroPoint: out.zeroPoint, lower: out.lower, upper: out.upper))
                    }
                }
            }
        }
        return result
    }
}
