#if canImport(EdgeKernelsAVX2)
    import EdgeKernelsAVX2
#endif
#if canImport(CEdgeAVX512)
    import CEdgeAVX512
#endif

/// Stride-1 convolution as an implicit GEMM: the input is copied once into zero-padded planes
/// of width `paddedWidth`, and GEMM row (ci, kh, kw) is that padded image shifted by
/// `ci·planeSize + kh·dilationH·paddedWidth + kw·dilationW`. The product is computed at every
/// padded-width column (`outHeight · paddedWidth` columns, a few of them discarded) into a
/// staging matrix, then compacted into NCHW. No im2col matrix is built.
struct Conv2DImplicit {
    let geometry: Conv2DGeometry
    let paddedWidth: Int
    let paddedHeight: Int
    /// Columns of the staged product: `outHeight * paddedWidth`.
    let columns: Int
    /// Row stride of the staged product (columns rounded up to 16).
    let stagedStride: Int
    /// Zeroed floats after the last padded plane so whole-tile reads stay inside scratch.
    let slack: Int

    /// Nil when the geometry is not stride 1 in both directions.
    init?(_ g: Conv2DGeometry) {
        let p = g.parameters
        guard p.strideHeight == 1, p.strideWidth == 1 else { return nil }
        geometry = g
        paddedWidth = g.inWidth + p.padLeft + p.padRight
        paddedHeight = g.inHeight + p.padTop + p.padBottom
        columns = g.outHeight * paddedWidth
        stagedStride = (columns + 15) / 16 * 16
        slack = (g.kernelWidth - 1) * p.dilationWidth + 16
    }

    var planeSize: Int { paddedWidth * paddedHeight }
    var paddedCount: Int { geometry.inChannelsPerGroup * planeSize + slack }
    /// Int32 row offsets, stored in the float scratch.
    var offsetCount: Int { geometry.patchSize }
    /// Floats of scratch one forward call needs (either forward variant).
    var scratchCount: Int {
        max(offsetCount + paddedCount + geometry.outChannelsPerGroup * stagedStride, pixelMajorScratchCount)
    }

    /// Output channels rounded up to whole AVX-512 vectors (the packed weights' row length).
    var packedChannels: Int { (geometry.outChannelsPerGroup + 15) / 16 * 16 }

    /// Floats of scratch the pixel-major (AVX-512) forward needs: row offsets, pixel bases,
    /// packed weights and the padded planes.
    var pixelMajorScratchCount: Int {
        offsetCount + geometry.outSpatial + geometry.patchSize * packedChannels + paddedCount
    }

    /// Floats of scratch `backwardWeight` needs on any path: the forward's, with room for the
    /// pixel-major staged gradient, plus a transposed weight-gradient accumulator.
    var backwardWeightScratchCount: Int {
        let coutG = geometry.outChannelsPerGroup
        return offsetCount + paddedCount + max(coutG * stagedStride, columns * coutG) + geometry.weightCount
    }

    func forward(
        input: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        output: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
        relu: Bool, path: KernelPath
    ) {
        #if canImport(CEdgeAVX512)
            // Packing the weights costs ~5 µs per call: worth it over a batch (batch-64 conv2 input
            // gradient 5.6 -> 4.7 ms), not for one image (conv2 82 µs staged vs 85 µs pixel-major).
            if path == .avx512 && geometry.batch > 1 {
                return forwardPixelMajor(
                    input: input, weight: weight, bias: bias, output: output, scratch: scratch, relu: relu)
            }
        #endif
        let g = geometry
        let p = g.parameters
        let cinG = g.inChannelsPerGroup
        let coutG = g.outChannelsPerGroup
        let k = g.patchSize
        let padded = scratch + offsetCount
        let staged = padded + paddedCount
        UnsafeMutableRawPointer(scratch).withMemoryRebound(to: Int32.self, capacity: k) { offsets in
            fillOffsets(offsets)
            padded.update(repeating: 0, count: paddedCount)
            for b in 0..<g.batch {
                for group in 0..<p.groups {
                    let image = input + (b * g.inChannels + group * cinG) * g.inSpatial
                    for ci in 0..<cinG {
                        copyRows(
                            rows: g.inHeight, width: g.inWidth, source: image + ci * g.inSpatial,
                            sourceStride: g.inWidth,
                            destination: padded + ci * planeSize + p.padTop * paddedWidth + p.padLeft,
                            destinationStride: paddedWidth, path: path)
                    }
                    let out = output + (b * g.outChannels + group * coutG) * g.outSpatial
                    let groupBias = bias.map { $0 + group * coutG }
                    #if canImport(CEdgeAVX512)
                        if path == .avx512 {
                            // Stores straight into NCHW (no staging): conv2 78 -> 75 µs.
                            edge_avx512_conv_implicit(
                                Int64(coutG), Int64(columns), Int64(k), weight + group * coutG * k,
                                Int64(k), padded, offsets, Int64(paddedWidth), Int64(g.outWidth),
                                out, Int64(g.outSpatial), groupBias, relu ? 1 : 0)
                            continue
                        }
                    #endif
                    GemmDispatch.multiplyOffsetRows(
                        m: coutG, n: columns, k: k, a: weight + group * coutG * k, lda: k, b: padded,
                        rowOffsets: offsets, c: staged, ldc: stagedStride, rowBias: groupBias, relu: relu, path: path)
                    compact(staged: staged, into: out, outputEnd: output + g.outputCount, path: path)
                }
            }
        }
    }

    /// `weightGradient (+)= Σ_batch dY ⋆ input` for stride 1: dY is staged at padded width (zeros
    /// in the extra columns) and each weight-gradient entry is a dot product of a staged dY row
    /// with a shifted padded input plane. Same scratch as `forward`.
    func backwardWeight(
        input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>,
        accumulate: Bool, path: KernelPath
    ) {
        #if canImport(CEdgeAVX512)
            if path == .avx512 {
                return backwardWeightPixelMajor(
                    input: input, outputGradient: outputGradient, weightGradient: weightGradient,
                    scratch: scratch, accumulate: accumulate)
            }
        #endif
        let g = geometry
        let p = g.parameters
        let cinG = g.inChannelsPerGroup
        let coutG = g.outChannelsPerGroup
        let k = g.patchSize
        let padded = scratch + offsetCount
        let staged = padded + paddedCount
        UnsafeMutableRawPointer(scratch).withMemoryRebound(to: Int32.self, capacity: k) { offsets in
            fillOffsets(offsets)
            padded.update(repeating: 0, count: paddedCount)
            staged.update(repeating: 0, count: coutG * stagedStride)
            for b in 0..<g.batch {
                for group in 0..<p.groups {
                    let image = input + (b * g.inChannels + group * cinG) * g.inSpatial
                    for ci in 0..<cinG {
                        copyRows(
                            rows: g.inHeight, width: g.inWidth, source: image + ci * g.inSpatial,
                            sourceStride: g.inWidth,
                            destination: padded + ci * planeSize + p.padTop * paddedWidth + p.padLeft,
                            destinationStride: paddedWidth, path: path)
                    }
                    let dy = outputGradient + (b * g.outChannels + group * coutG) * g.outSpatial
                    for co in 0..<coutG {
                        copyRows(
                            rows: g.outHeight, width: g.outWidth, source: dy + co * g.outSpatial,
                            sourceStride: g.outWidth, destination: staged + co * stagedStride,
                            destinationStride: paddedWidth, path: path)
                    }
                    GemmDispatch.multiplyTransposedOffsetRows(
                        m: coutG, n: k, k: columns, a: staged, lda: stagedStride, b: padded, rowOffsets: offsets,
                        c: weightGradient + group * coutG * k, ldc: k, accumulate: accumulate || b > 0, path: path)
                }
            }
        }
    }

    #if canImport(CEdgeAVX512)
        /// The AVX-512 forward, vectorised over output channels: weights are packed `[patch][channels]`
        /// per call, and each tile of 6 output pixels × 64 channels broadcasts padded input values.
        /// Only real output pixels are computed (no padded-width columns), and no staging is needed.
        private func forwardPixelMajor(
            input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
            bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>,
            scratch: UnsafeMutablePointer<Float>, relu: Bool
        ) {
            let g = geometry
            let p = g.parameters
            let cinG = g.inChannelsPerGroup
            let coutG = g.outChannelsPerGroup
            let k = g.patchSize
            let integers = offsetCount + g.outSpatial
            let packed = scratch + integers
            let padded = packed + k * packedChannels
            UnsafeMutableRawPointer(scratch).withMemoryRebound(to: Int32.self, capacity: integers) { table in
                let offsets = table
                let pixelBase = table + offsetCount
                fillOffsets(offsets)
                for oh in 0..<g.outHeight {
                    for ow in 0..<g.outWidth { pixelBase[oh * g.outWidth + ow] = Int32(oh * paddedWidth + ow) }
                }
                padded.update(repeating: 0, count: paddedCount)
                for group in 0..<p.groups {
                    // Pack this group's weights [co][patch] -> [patch][co], zero-padded channels.
                    packed.update(repeating: 0, count: k * packedChannels)
                    let w = weight + group * coutG * k
                    for co in 0..<coutG {
                        for index in 0..<k { packed[index * packedChannels + co] = w[co * k + index] }
                    }
                    for b in 0..<g.batch {
                        let image = input + (b * g.inChannels + group * cinG) * g.inSpatial
                        for ci in 0..<cinG {
                            copyRows(
                                rows: g.inHeight, width: g.inWidth, source: image + ci * g.inSpatial,
                                sourceStride: g.inWidth,
                                destination: padded + ci * planeSize + p.padTop * paddedWidth + p.padLeft,
                                destinationStride: paddedWidth, path: .avx512)
                        }
                        let out = output + (b * g.outChannels + group * coutG) * g.outSpatial
                        edge_avx512_conv_pixels(
                            Int64(coutG), Int64(k), packed, Int64(packedChannels), padded, offsets,
                            pixelBase, Int64(g.outSpatial), out, Int64(g.outSpatial),
                            bias.map { $0 + group * coutG }, relu ? 1 : 0)
                    }
                }
            }
        }

        /// The AVX-512 weight gradient as a GEMM the 8×32 kernel runs near peak:
        /// `∂Wᵀ[(ci,kh,kw)][co] += Σ_j padded[offset(ci,kh,kw) + j] · ∂Y[j][co]` with ∂Y staged
        /// pixel-major at padded width (zero rows for the extra columns), summed over the batch in
        /// scratch and transposed into OIHW once at the end.
        private func backwardWeightPixelMajor(
            input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
            weightGradient: UnsafeMutablePointer<Float>,
            scratch: UnsafeMutablePointer<Float>, accumulate: Bool
        ) {
            let g = geometry
            let p = g.parameters
            let cinG = g.inChannelsPerGroup
            let coutG = g.outChannelsPerGroup
            let k = g.patchSize
            let padded = scratch + offsetCount
            let staged = padded + paddedCount
            let transposed = staged + max(coutG * stagedStride, columns * coutG)
            UnsafeMutableRawPointer(scratch).withMemoryRebound(to: Int32.self, capacity: k) { offsets in
                fillOffsets(offsets)
                padded.update(repeating: 0, count: paddedCount)
                staged.update(repeating: 0, count: columns * coutG)
                for b in 0..<g.batch {
                    for group in 0..<p.groups {
                        let image = input + (b * g.inChannels + group * cinG) * g.inSpatial
                        for ci in 0..<cinG {
                            copyRows(
                                rows: g.inHeight, width: g.inWidth, source: image + ci * g.inSpatial,
                                sourceStride: g.inWidth,
                                destination: padded + ci * planeSize + p.padTop * paddedWidth + p.padLeft,
                                destinationStride: paddedWidth, path: .avx512)
                        }
                        let dy = outputGradient + (b * g.outChannels + group * coutG) * g.outSpatial
                        for co in 0..<coutG {
                            let plane = dy + co * g.outSpatial
                            for oh in 0..<g.outHeight {
                                let row = plane + oh * g.outWidth
                                let target = staged + oh * paddedWidth * coutG + co
                                for ow in 0..<g.outWidth { target[ow * coutG] = row[ow] }
                            }
                        }
                        edge_avx512_gemm_nn_offset_rows(
                            Int64(k), Int64(coutG), Int64(columns), padded, offsets, staged,
                            Int64(coutG), transposed + group * k * coutG, Int64(coutG),
                            b > 0 ? 1 : 0)
                    }
                }
            }
            for group in 0..<p.groups {
                let source = transposed + group * k * coutG
                let target = weightGradient + group * coutG * k
                for co in 0..<coutG {
                    for index in 0..<k {
                        let value = source[index * coutG + co]
                        target[co * k + index] = accumulate ? target[co * k + index] + value : value
                    }
                }
            }
        }
    #endif

    /// Copies the valid columns of `coutG` staged rows into NCHW planes at `out`.
    private func compact(
        staged: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>,
        outputEnd: UnsafeMutablePointer<Float>, path: KernelPath
    ) {
        let g = geometry
        #if canImport(EdgeKernelsAVX2)
            if path != .portable {
                let stagedEnd = staged + g.outChannelsPerGroup * stagedStride
                for co in 0..<g.outChannelsPerGroup {
                    edgeAVX2CompactRows(
                        rows: g.outHeight, width: g.outWidth, source: staged + co * stagedStride,
                        sourceStride: paddedWidth, sourceEnd: stagedEnd,
                        destination: out + co * g.outSpatial, destinationEnd: outputEnd)
                }
                return
            }
        #endif
        for co in 0..<g.outChannelsPerGroup {
            copyRows(
                rows: g.outHeight, width: g.outWidth, source: staged + co * stagedStride, sourceStride: paddedWidth,
                destination: out + co * g.outSpatial, destinationStride: g.outWidth, path: path)
        }
    }

    private func fillOffsets(_ offsets: UnsafeMutablePointer<Int32>) {
        let g = geometry
        let p = g.parameters
        var row = 0
        for ci in 0..<g.inChannelsPerGroup {
            for kh in 0..<g.kernelHeight {
                for kw in 0..<g.kernelWidth {
                    offsets[row] = Int32(ci * planeSize + kh * p.dilationHeight * paddedWidth + kw * p.dilationWidth)
                    row += 1
                }
            }
        }
    }

    private func copyRows(
        rows: Int, width: Int, source: UnsafePointer<Float>, sourceStride: Int,
        destination: UnsafeMutablePointer<Float>, destinationStride: Int, path: KernelPath
    ) {
        switch path {
        case .avx2, .avx512:
            #if canImport(EdgeKernelsAVX2)
                edgeAVX2CopyRows(
                    rows: rows, width: width, source: source, sourceStride: sourceStride,
                    destination: destination, destinationStride: destinationStride)
                return
            #else
                preconditionFailure("kernel path \(path) is not compiled into this build")
            #endif
        case .portable:
            for r in 0..<rows {
                let src = source + r * sourceStride
                let dst = destination + r * destinationStride
                for x in 0..<width { dst[x] = src[x] }
            }
        }
    }
}
