/// The GEMM-based convolution shared by every fast path (the path picks the GEMM).
enum Conv2DGemm {
    /// Smallest patch (`inChannels/groups · kH · kW`) for which the forward pass uses the
    /// implicit GEMM rather than im2col.
    static let implicitMinimumPatch = 32

    static func forward(
        _ g: Conv2DGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>?, activation: FusedActivation, path: KernelPath
    ) {
        // Implicit GEMM wins when each output needs many products (conv2: 84 µs vs 104 µs with
        // im2col); for tiny patches (conv1, K = 9) im2col's exact columns win (7 µs vs 10 µs).
        if !g.isPointwise, g.patchSize >= Self.implicitMinimumPatch, let implicit = Conv2DImplicit(g) {
            implicit.forward(
                input: input, weight: weight, bias: bias, output: output, scratch: scratch!,
                relu: activation == .relu, path: path)
            return
        }
        let groups = g.parameters.groups
        let cinG = g.inChannelsPerGroup
        let coutG = g.outChannelsPerGroup
        let k = g.patchSize
        let n = g.outSpatial
        let ld = Conv2DGeometry.paddedColumns(n)
        for b in 0..<g.batch {
            for group in 0..<groups {
                let image = input + (b * g.inChannels + group * cinG) * g.inSpatial
                let out = output + (b * g.outChannels + group * coutG) * n
                let operand: UnsafePointer<Float>
                let ldb: Int
                if g.isPointwise {
                    operand = image
                    ldb = n
                } else {
                    Im2Col.lower(g, image: image, channels: cinG, into: scratch!, ld: ld)
                    operand = UnsafePointer(scratch!)
                    ldb = ld
                }
                GemmDispatch.multiplyWithEpilogue(
                    m: coutG, n: n, k: k, a: weight + group * coutG * k, lda: k,
                    b: operand, ldb: ldb, bReadableColumns: ldb, c: out, ldc: n,
                    rowBias: bias.map { $0 + group * coutG }, relu: activation == .relu, path: path)
            }
        }
    }

    static func backwardInput(
        _ g: Conv2DGeometry, weight: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>?, path: KernelPath
    ) {
        if !g.isPointwise, let transposed = Conv2DTransposedInput(g) {
            transposed.backwardInput(
                weight: weight, outputGradient: outputGradient, inputGradient: inputGradient,
                scratch: scratch!, path: path)
            return
        }
        let groups = g.parameters.groups
        let cinG = g.inChannelsPerGroup
        let coutG = g.outChannelsPerGroup
        let k = g.patchSize
        let n = g.outSpatial
        let ld = Conv2DGeometry.paddedColumns(n)
        for b in 0..<g.batch {
            for group in 0..<groups {
                let dy = outputGradient + (b * g.outChannels + group * coutG) * n
                let dx = inputGradient + (b * g.inChannels + group * cinG) * g.inSpatial
                let w = weight + group * coutG * k
                if g.isPointwise {
                    GemmDispatch.multiply(
                        m: k, n: n, k: coutG, a: w, lda: k, transposeA: true,
                        b: dy, ldb: n, transposeB: false, c: dx, ldc: n,
                        accumulate: false, path: path)
                } else {
                    GemmDispatch.multiply(
                        m: k, n: n, k: coutG, a: w, lda: k, transposeA: true,
                        b: dy, ldb: n, transposeB: false, c: scratch!, ldc: ld,
                        accumulate: false, path: path)
                    dx.update(repeating: 0, count: cinG * g.inSpatial)
                    Im2Col.raise(g, col: scratch!, ld: ld, channels: cinG, into: dx)
                }
            }
        }
    }

    static func backwardWeight(
        _ g: Conv2DGeometry, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        weightGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>?,
        scratch: UnsafeMutablePointer<Float>?, accumulate: Bool, path: KernelPath
    ) {
        let groups = g.parameters.groups
        let cinG = g.inChannelsPerGroup
        let coutG = g.outChannelsPerGroup
        let k = g.patchSize
        let n = g.outSpatial
        let ld = Conv2DGeometry.paddedColumns(n)
        if let biasGradient {
            if !accumulate { biasGradient.update(repeating: 0, count: g.outChannels) }
            for b in 0..<g.batch {
                for co in 0..<g.outChannels {
                    biasGradient[co] += Elementwise.sum(
                        outputGradient + (b * g.outChannels + co) * n, count: n, path: path)
                }
            }
        }
        if !g.isPointwise, let implicit = Conv2DImplicit(g) {
            implicit.backwardWeight(
                input: input, outputGradient: outputGradient, weightGradient: weightGradient,
                scratch: scratch!, accumulate: accumulate, path: path)
            return
        }
        for b in 0..<g.batch {
            for group in 0..<groups {
                let image = input + (b * g.inChannels + group * cinG) * g.inSpatial
                let dy = outputGradient + (b * g.outChannels + group * coutG) * n
                let operand: UnsafePointer<Float>
                let ldb: Int
                if g.isPointwise {
                    operand = image
                    ldb = n
                } else {
                    Im2Col.lower(g, image: image, channels: cinG, into: scratch!, ld: ld)
                    operand = UnsafePointer(scratch!)
                    ldb = ld
                }
                GemmDispatch.multiply(
                    m: coutG, n: k, k: n, a: dy, lda: n, transposeA: false,
                    b: operand, ldb: ldb, transposeB: true,
                    c: weightGradient + group * coutG * k, ldc: k,
                    accumulate: accumulate || b > 0, path: path)
            }
        }
    }
}
