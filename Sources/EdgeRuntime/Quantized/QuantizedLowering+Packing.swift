import EdgeKernels
import EdgeTensor

extension QuantizedLowering {
    /// Rewrites the plain steps for the fast integer kernels (``QuantizedKernels`` `.avx2` or
    /// `.vnni`): a conv whose only reader is a 2×2/2 max-pool takes the pool into its epilogue;
    /// a conv output read only by fast convs and linear layers stays channels-last (the linear
    /// layer's weight columns are permuted at load instead); weights are packed once here.
    /// A conv the vector epilogue cannot requantize (a multiplier ≥ 1) keeps its portable step.
    mutating func pack() {
        func readers(_ buffer: Int) -> [Int] { pending.indices.filter { pending[$0].inputs.contains(buffer) } }
        func packable(_ step: QuantizedPlan.Step) -> Bool {
            switch step {
            case .conv(let g, let layer, _, _, _):
                g.batch == 1 && g.parameters.groups == 1 && layer.requantization.allSatisfy { $0.vectorForm != nil }
            case .gemm, .gemmToFloat: true
            default: false
            }
        }
        // 1. Conv + MaxPool 2×2 stride 2 → one step.
        var pooled = Set<Int>()
        var index = 0
        while index + 1 < pending.count {
            if case .conv(let g, let layer, let out, let input, let convOutput) = pending[index].step,
                packable(pending[index].step),
                case .maxPool(let p, let poolInput, let poolOutput) = pending[index + 1].step, poolInput == convOutput,
                readers(convOutput) == [index + 1], p.kernelHeight == 2, p.kernelWidth == 2, p.strideHeight == 2,
                p.strideWidth == 2, p.padTop == 0, p.padLeft == 0, p.padBottom == 0, p.padRight == 0,
                p.outHeight == g.outHeight / 2, p.outWidth == g.outWidth / 2, g.outHeight >= 2, g.outWidth >= 2
            {
                let pool = pending.remove(at: index + 1)
                pending[index].step = .conv(g, layer, out, input: input, output: poolOutput)
                pending[index].output = poolOutput
                pending[index].nodes += pool.nodes
                pending[index].shape = pool.shape
                pooled.insert(index)
                // Later indices in `pooled` do not exist yet: the scan only moves forward.
            }
            index += 1
        }
        // 2. Channels-last outputs where every reader takes them.
        var channelsLast = Set<Int>()
        for entry in pending {
            guard case .conv = entry.step, packable(entry.step), let output = entry.output else { continue }
            let all = readers(output)
            let ok = all.allSatisfy { reader in
                switch pending[reader].step {
                case .conv: packable(pending[reader].step)
                case .gemm(let layer, _, _, _), .gemmToFloat(let layer, _, _, _, _): layer.inFeatures == sizes[output]
                default: false
                }
            }
            if ok && !all.isEmpty { channelsLast.insert(output) }
        }
        // 3. Pack.
        var shapes: [Int: (channels: Int, height: Int, width: Int)] = [:]
        for index in pending.indices {
            let entry = pending[index]
            switch entry.step {
            case .conv(let g, let layer, let out, let input, let output):
                guard
                    let kernel = PackedQuantizedConv2D(
                        g, layer, out, pool: pooled.contains(index),
                        inputLayout: channelsLast.contains(input) ? .nhwc : .nchw,
                        outputLayout: channelsLast.contains(output) ? .nhwc : .nchw, kernels: kernels)
                else {
                    assert(!channelsLast.contains(input) && !channelsLast.contains(output))
                    continue
                }
                shapes[output] = (g.outChannels, kernel.outputHeight, kernel.outputWidth)
                pending[index].step = .packedConv(kernel, input: input, output: output)
            case .gemm(let layer, let out, let input, let output):
                if let kernel = PackedQuantizedGemm(
                    layer, .int8(out), inputOrder: order(input, shapes, channelsLast), kernels: kernels)
                {
                    pending[index].step = .packedGemm(kernel, input: input, output: output)
                }
            case .gemmToFloat(let layer, let zeroPoint, let scales, let relu, let input):
                if let kernel = PackedQuantizedGemm(
                    layer, .float(inputZeroPoint: zeroPoint, scales: scales, relu: relu),
                    inputOrder: order(input, shapes, channelsLast), kernels: kernels)
                {
                    pending[index].step = .packedGemmToFloat(kernel, input: input)
                }
            default:
                continue
            }
        }
    }

    /// For a linear layer reading a channels-last conv output: the NCHW feature at each position.
    private func order(
        _ input: Int, _ shapes: [Int: (channels: Int, height: Int, width: Int)], _ channelsLast: Set<Int>
    ) -> [Int]? {
        guard channelsLast.contains(input), let s = shapes[input] else { return nil }
        let spatial = s.height * s.width
        return (0..<(s.channels * spatial)).map { position in (position % s.channels) * spatial + position / s.channels
        }
    }
}
