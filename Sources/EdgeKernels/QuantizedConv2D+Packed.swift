#if canImport(CEdgeInt8)
    import CEdgeInt8
#endif

/// The fast integer convolution (AVX2 or AVX-512 VNNI, ``QuantizedKernels``): the input is
/// copied into "expanded rows" (every output column's `kW` taps of all channels side by side,
/// padding filled with the input zero point), then an implicit GEMM streams int8 (VNNI) or
/// int16 (AVX2) weights prepacked at load, 4 pixels × up to 64 channels of int32 accumulators
/// at a time, with requantization, the fused ReLU and optionally a 2×2/2 max-pool in its
/// epilogue. Bit-exact with ``QuantizedConv2D/forwardReference(_:_:input:_:)`` (then the
/// max-pool): requantization is monotone, so the pool takes the maximum accumulator.
///
/// A value type of raw pointers into `buffer` (no reference counting per call); whoever keeps
/// the kernel keeps `buffer`.
public struct PackedQuantizedConv2D: @unchecked Sendable {
    /// How an int8 activation is laid out: NCHW (the public layout) or channels-last, which the
    /// fast kernels read and write between layers (channel runs are contiguous in the expansion).
    public enum Layout: Sendable, Hashable {
        case nchw
        case nhwc
    }

    public let kernels: QuantizedKernels
    public let geometry: Conv2DGeometry
    /// True when a 2×2, stride 2 max-pool (floor) follows in the epilogue.
    public let pooled: Bool
    public let inputLayout: Layout
    public let outputLayout: Layout
    /// Output height and width (after the pool when pooled).
    public let outputHeight: Int
    public let outputWidth: Int
    /// Bytes of scratch ``forward(input:output:scratch:)`` needs (the expanded rows, or the
    /// Winograd's padded and transformed input).
    public let scratchBytes: Int
    /// The packed weights and tables.
    public let buffer: PackedBuffer

    /// True when the AVX2 family runs this layer as an integer Winograd F(2×2, 3×3)
    /// (``winogradApplies(_:kernels:)``): 2.25× fewer `vpmaddwd` than the direct kernel.
    public let winograd: Bool

    #if canImport(CEdgeInt8)
        private let expand: EdgeQ8Expand
        private let conv: EdgeQ8Conv
        private let wino: EdgeQ8Winograd
    #endif

    /// Fewest input channels for which the integer Winograd pays: its transforms cost more than
    /// they save on a few channels. The same value as the float plan's
    /// `FrozenCompiler.winogradMinChannels`, but a separate decision (other kernels, other costs).
    public static let winogradMinChannels = 8

    /// Whether `kernels` runs a convolution of geometry `g` as the integer Winograd: AVX2 (VNNI's
    /// `vpdpbusd` does four multiplies per lane, which beats the transforms), 3×3, stride 1,
    /// dilation 1, one group, at least ``winogradMinChannels`` and fewer than 3,640 input channels
    /// (4× the accumulator must fit in int32).
    public static func winogradApplies(_ g: Conv2DGeometry, kernels: QuantizedKernels) -> Bool {
        let p = g.parameters
        return kernels == .avx2 && g.kernelHeight == 3 && g.kernelWidth == 3 && p.strideHeight == 1
            && p.strideWidth == 1 && p.dilationHeight == 1 && p.dilationWidth == 1 && p.groups == 1
            && (winogradMinChannels..<3640).contains(g.inChannels) && g.outHeight >= 1 && g.outWidth >= 1
    }

    /// Output elements of one image.
    public var outputCount: Int { geometry.outChannels * outputHeight * outputWidth }

    /// Packs `layer` for `kernels`.
    /// - Returns: nil for `.portable`, a family this build or CPU lacks, more than one group,
    ///   or a requantization multiplier of 1 or more (the vector epilogue's right shift must be ≥ 31).
    public init?(
        _ g: Conv2DGeometry, _ layer: QuantizedGemm.Layer, _ out: QuantizedGemm.Output, pool: Bool,
        inputLayout: Layout, outputLayout: Layout, kernels: QuantizedKernels
    ) {
        #if canImport(CEdgeInt8)
            guard kernels != .portable, kernels.unsupportedReason == nil, g.parameters.groups == 1,
                layer.inFeatures == g.patchSize, layer.outFeatures == g.outChannels,
                out.lower >= -128, out.upper <= 127, out.lower <= out.upper, (-128...127).contains(out.zeroPoint),
                (-128...127).contains(out.inputZeroPoint)
            else { return nil }
            let forms = layer.requantization.compactMap(\.vectorForm)
            guard forms.count == layer.outFeatures else { return nil }
            if pool && (g.outHeight < 2 || g.outWidth < 2) { return nil }
            let p = g.parameters
            let vnni = kernels == .vnni
            let unit = vnni ? 4 : 2  // elements per k-group
            let block = vnni ? 16 : 8  // channels per vector
            let cin = g.inChannels
            let used = g.kernelWidth * cin
            let rowLength = (used + unit - 1) / unit * unit
            let groupsPerRow = rowLength / unit
            let groups = g.kernelHeight * groupsPerRow
            let rows = (g.outHeight - 1) * p.strideHeight + (g.kernelHeight - 1) * p.dilationHeight + 1
            let m = g.outChannels
            let paddedChannels = (m + block - 1) / block * block
            // The tables hold int32 element offsets.
            let (expanded, outputs) = rows.multipliedReportingOverflow(by: g.outWidth * rowLength)
            guard !outputs, expanded < Int(Int32.max) / 2, g.outputCount < Int(Int32.max) else { return nil }

            var groupOffsets = [Int32](repeating: 0, count: groups)
            for ky in 0..<g.kernelHeight {
                for jg in 0..<groupsPerRow {
                    groupOffsets[ky * groupsPerRow + jg] = Int32(
                        ky * p.dilationHeight * g.outWidth * rowLength + jg * unit)
                }
            }
            // Weights [group][channel][unit], k order (ky, kx, c) to match the expansion.
            // The Winograd packs its own transformed weights (below) instead.
            let useWinograd = Self.winogradApplies(g, kernels: kernels)
            let weightCount = useWinograd ? 0 : groups * paddedChannels * unit
            var w8 = [Int8](repeating: 0, count: vnni ? weightCount : 0)
            var w16 = [Int16](repeating: 0, count: vnni ? 0 : weightCount)
            for ky in 0..<g.kernelHeight where !useWinograd {
                for j in 0..<used {
                    let (kx, c) = (j / cin, j % cin)
                    let group = ky * groupsPerRow + j / unit
                    for co in 0..<m {
                        let value = layer.weights[
                            co * g.patchSize + (c * g.kernelHeight + ky) * g.kernelWidth + kx]
                        let at = (group * paddedChannels + co) * unit + j % unit
                        if vnni { w8[at] = value } else { w16[at] = Int16(value) }
                    }
                }
            }
            // acc = Σ x'·w + bias − z'·Σw, with x' = x + 128 (VNNI's unsigned operand) or x.
            let z = out.inputZeroPoint &+ (vnni ? 128 : 0)
            var bias = [Int32](repeating: 0, count: paddedChannels)
            var multiplier = [Int32](repeating: 0, count: paddedChannels)
            var shifts = [Int64](repeating: 0, count: paddedChannels * 2)
            var requantOffset = [Int32](repeating: 0, count: paddedChannels)
            for b in 0..<(paddedChannels / block) {
                let half = block / 2
                for lane in 0..<block {
                    let co = b * block + lane
                    let (mult, right) = co < m ? forms[co] : (0, 31)
                    if co < m { bias[co] = layer.bias[co] &- z &* layer.rowSums[co] }
                    multiplier[co] = mult
                    // [rightEven, rightOdd, roundEven, roundOdd], each `half` lanes.
                    let base = b * block * 2 + (lane % 2) * half + lane / 2
                    shifts[base] = right
                    shifts[base + block] = (Int64(1) << (right - 1)) &+ (vnni ? 0 : Int64(1) << 62)
                    requantOffset[co] = Int32(truncatingIfNeeded: Int64(1) << (62 - right))
                }
            }
            let pairs = (cin + 1) / 2
            var u = [Int16](repeating: 0, count: useWinograd ? 16 * pairs * paddedChannels * 2 : 0)
            if useWinograd {
                // U = G′ g G′ᵀ with G′ = 2G = [[2,0,0],[1,1,1],[1,−1,1],[0,0,2]]: integers.
                let gp = [[2, 0, 0], [1, 1, 1], [1, -1, 1], [0, 0, 2]]
                for co in 0..<m {
                    for c in 0..<cin {
                        let base = co * g.patchSize + c * 9
                        for i in 0..<4 {
                            for j in 0..<4 {
                                var sum = 0
                                for ky in 0..<3 {
                                    for kx in 0..<3 {
                                        sum += gp[i][ky] * Int(layer.weights[base + ky * 3 + kx]) * gp[j][kx]
                                    }
                                }
                                u[((i * 4 + j) * pairs + c / 2) * paddedChannels * 2 + co * 2 + c % 2] = Int16(sum)
                            }
                        }
                    }
                }
            }
            let outHeight = pool ? g.outHeight / 2 : g.outHeight
            let outWidth = pool ? g.outWidth / 2 : g.outWidth
            let outSpatial = outHeight * outWidth
            func pixelBase(_ oy: Int, _ ox: Int) -> Int32 { Int32((oy * p.strideHeight * g.outWidth + ox) * rowLength) }
            func outOffset(_ pixel: Int) -> Int32 { Int32(outputLayout == .nhwc ? pixel * m : pixel) }
            var bases: [Int32] = []
            var offsets: [Int32] = []
            let pixels: Int
            if pool {
                pixels = outSpatial * 4
                for py in 0..<outHeight {
                    for px in 0..<outWidth {
                        for (dy, dx) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
                            bases.append(pixelBase(2 * py + dy, 2 * px + dx))
                        }
                        offsets.append(outOffset(py * outWidth + px))
                    }
                }
            } else {
                pixels = g.outSpatial
                let windows = (pixels + 3) / 4
                for q in 0..<(windows * 4) {
                    let pixel = min(q, pixels - 1)
                    bases.append(pixelBase(pixel / g.outWidth, pixel % g.outWidth))
                    offsets.append(outOffset(pixel))
                }
            }
            let buffer = PackedBuffer([
                PackedArray(groupOffsets), vnni ? PackedArray(w8) : PackedArray(useWinograd ? u : w16),
                PackedArray(bias), PackedArray(multiplier), PackedArray(shifts), PackedArray(bases),
                PackedArray(offsets), PackedArray(requantOffset),
            ])
            let inputStrides: (Int, Int, Int) =
                inputLayout == .nchw ? (g.inSpatial, g.inWidth, 1) : (1, g.inWidth * cin, cin)
            expand = EdgeQ8Expand(
                channels: Int64(cin), inHeight: Int64(g.inHeight), inWidth: Int64(g.inWidth),
                channelStride: Int64(inputStrides.0), rowStride: Int64(inputStrides.1),
                columnStride: Int64(inputStrides.2), rows: Int64(rows), outWidth: Int64(g.outWidth),
                kernelWidth: Int64(g.kernelWidth), strideWidth: Int64(p.strideWidth),
                dilationWidth: Int64(p.dilationWidth), padTop: Int64(p.padTop), padLeft: Int64(p.padLeft),
                rowLength: Int64(rowLength), padValue: out.inputZeroPoint)
            conv = EdgeQ8Conv(
                outChannels: Int64(m), paddedChannels: Int64(paddedChannels), groups: Int64(groups),
                groupOffsets: buffer.pointer(0, as: Int32.self),
                weights: UnsafeRawPointer(buffer.base + buffer.offsets[1]),
                biasAdjusted: buffer.pointer(2, as: Int32.self), multiplier: buffer.pointer(3, as: Int32.self),
                shifts: buffer.pointer(4, as: Int64.self), requantOffset: buffer.pointer(7, as: Int32.self),
                zeroPoint: out.zeroPoint, lower: out.lower, upper: out.upper, pool: pool ? 1 : 0,
                windows: Int64(pool ? outSpatial : (pixels + 3) / 4),
                pixels: Int64(pixels), pixelBase: buffer.pointer(5, as: Int32.self),
                outOffset: buffer.pointer(6, as: Int32.self),
                outChannelStride: Int64(outputLayout == .nhwc ? 1 : outSpatial))
            let tilesY = pool ? outHeight : (g.outHeight + 1) / 2
            let tilesX = pool ? outWidth : (g.outWidth + 1) / 2
            let winograd = EdgeQ8Winograd(
                channels: Int64(cin), inHeight: Int64(g.inHeight), inWidth: Int64(g.inWidth),
                channelStride: Int64(inputStrides.0), rowStride: Int64(inputStrides.1),
                columnStride: Int64(inputStrides.2), padTop: Int64(p.padTop), padLeft: Int64(p.padLeft),
                outHeight: Int64(g.outHeight), outWidth: Int64(g.outWidth), tilesY: Int64(tilesY),
                tilesX: Int64(tilesX), channelPairs: Int64(pairs), padValue: out.inputZeroPoint,
                weights: UnsafePointer(buffer.pointer(1, as: Int16.self)), outChannels: Int64(m),
                paddedChannels: Int64(paddedChannels), biasAdjusted: buffer.pointer(2, as: Int32.self),
                multiplier: buffer.pointer(3, as: Int32.self), shifts: buffer.pointer(4, as: Int64.self),
                requantOffset: buffer.pointer(7, as: Int32.self), zeroPoint: out.zeroPoint, lower: out.lower,
                upper: out.upper, pool: pool ? 1 : 0,
                outChannelStride: Int64(outputLayout == .nhwc ? 1 : outSpatial),
                outPixelStride: Int64(outputLayout == .nhwc ? m : 1), outRowPixels: Int64(outWidth))
            wino = winograd
            self.winograd = useWinograd
            self.buffer = buffer
            self.kernels = kernels
            self.geometry = g
            self.pooled = pool
            self.inputLayout = inputLayout
            self.outputLayout = outputLayout
            self.outputHeight = outHeight
            self.outputWidth = outWidth
            scratchBytes =
                useWinograd
                ? withUnsafePointer(to: winograd) { Int(edge_q8_winograd_scratch($0)) }
                : (rows * g.outWidth * rowLength * (vnni ? 1 : 2) + 63) / 64 * 64
        #else
            return nil
        #endif
    }

    /// Runs every image of the batch: `input` in ``inputLayout``, `output` in ``outputLayout``
    /// (``outputCount`` values per image), `scratch` of ``scratchBytes`` (any alignment). No allocation.
    public func forward(
        input: UnsafePointer<Int8>, output: UnsafeMutablePointer<Int8>, scratch: UnsafeMutableRawPointer
    ) {
        #if canImport(CEdgeInt8)
            let inCount = geometry.inChannels * geometry.inSpatial
            withUnsafePointer(to: expand) { e in
                withUnsafePointer(to: conv) { c in
                    for b in 0..<geometry.batch {
                        let x = input + b * inCount
                        let y = output + b * outputCount
                        if winograd {
                            withUnsafePointer(to: wino) { edge_q8_winograd_avx2($0, x, scratch, y) }
                        } else if kernels == .vnni {
                            let rows = scratch.assumingMemoryBound(to: UInt8.self)
                            edge_q8_expand_u8(e, x, rows)
                            edge_q8_conv_vnni(c, rows, y)
                        } else {
                            let rows = scratch.assumingMemoryBound(to: Int16.self)
                            edge_q8_expand_i16(e, x, rows)
                            edge_q8_conv_avx2(c, rows, y)
                        }
                    }
                }
            }
        #else
            preconditionFailure("integer kernels \(kernels) are not compiled into this build")
        #endif
    }
}
