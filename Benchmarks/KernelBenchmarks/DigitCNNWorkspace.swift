import EdgeKernels

/// DigitCNN's layers as unfused kernel calls over preallocated buffers (no allocation per call).
final class DigitCNNWorkspace: @unchecked Sendable {
    let batch: Int
    let conv1: Conv2DGeometry
    let conv2: Conv2DGeometry
    let pool1: Pool2DGeometry
    let pool2: Pool2DGeometry
    private var buffers: [UnsafeMutablePointer<Float>] = []
    let image, w1, b1, y1, w2, b2, y2, p1, p2, fc1w, fc1b, h, fc2w, fc2b, logits: UnsafeMutablePointer<Float>
    let bnScale1, bnBias1, bnMean1, bnVar1, bnScale2, bnBias2, bnMean2, bnVar2: UnsafeMutablePointer<Float>
    let dy2, dx2, dw2, db2, dh, dp2, dfc1w, dfc1b, scratch: UnsafeMutablePointer<Float>
    let scratchCount: Int
    let argmax1, argmax2: UnsafeMutablePointer<Int32>

    init(batch: Int) {
        self.batch = batch
        conv1 = try! Conv2DGeometry(
            batch: batch, inChannels: 1, inHeight: 28, inWidth: 28, outChannels: 32,
            kernelHeight: 3, kernelWidth: 3, parameters: .init(padding: 1))
        conv2 = try! Conv2DGeometry(
            batch: batch, inChannels: 32, inHeight: 14, inWidth: 14, outChannels: 64,
            kernelHeight: 3, kernelWidth: 3, parameters: .init(padding: 1))
        pool1 = try! Pool2DGeometry(batch: batch, channels: 32, inHeight: 28, inWidth: 28, kernel: 2)
        pool2 = try! Pool2DGeometry(batch: batch, channels: 64, inHeight: 14, inWidth: 14, kernel: 2)
        var state: UInt64 = 42
        var list: [UnsafeMutablePointer<Float>] = []
        func buffer(_ count: Int, scale: Float = 0.1, offset: Float = 0) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: count)
            for i in 0..<count {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                p[i] = (Float(state >> 40) / Float(1 << 24) - 0.5) * scale + offset
            }
            list.append(p)
            return p
        }
        image = buffer(conv1.inputCount, scale: 2)
        w1 = buffer(conv1.weightCount)
        b1 = buffer(32)
        y1 = buffer(conv1.outputCount)
        p1 = buffer(pool1.outputCount)
        w2 = buffer(conv2.weightCount)
        b2 = buffer(64)
        y2 = buffer(conv2.outputCount)
        p2 = buffer(pool2.outputCount)
        fc1w = buffer(80 * 3136, scale: 0.02)
        fc1b = buffer(80)
        h = buffer(batch * 80)
        fc2w = buffer(10 * 80)
        fc2b = buffer(10)
        logits = buffer(batch * 10)
        bnScale1 = buffer(32, offset: 1)
        bnBias1 = buffer(32)
        bnMean1 = buffer(32)
        bnVar1 = buffer(32, offset: 1)
        bnScale2 = buffer(64, offset: 1)
        bnBias2 = buffer(64)
        bnMean2 = buffer(64)
        bnVar2 = buffer(64, offset: 1)
        dy2 = buffer(conv2.outputCount)
        dx2 = buffer(conv2.inputCount)
        dw2 = buffer(conv2.weightCount)
        db2 = buffer(64)
        dh = buffer(batch * 80)
        dp2 = buffer(pool2.outputCount)
        dfc1w = buffer(80 * 3136)
        dfc1b = buffer(80)
        scratchCount = max(
            conv1.forwardScratchCount, conv2.forwardScratchCount, conv2.backwardInputScratchCount,
            conv2.backwardWeightScratchCount)
        scratch = buffer(scratchCount)
        argmax1 = .allocate(capacity: pool1.outputCount)
        argmax2 = .allocate(capacity: pool2.outputCount)
        buffers = list
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
        argmax1.deallocate()
        argmax2.deallocate()
    }

    var scratchBuffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: scratch, count: scratchCount)
    }

    /// FLOPs of one unfused forward pass over the batch (convs and linears; the rest is < 1%).
    var forwardFLOPs: Int { conv1.forwardFLOPs + conv2.forwardFLOPs + 2 * batch * (3136 * 80 + 80 * 10) }

    func conv1Forward() {
        Conv2D.forward(conv1, input: image, weight: w1, bias: b1, output: y1, scratch: scratchBuffer)
    }

    func conv2Forward() {
        Conv2D.forward(conv2, input: p1, weight: w2, bias: b2, output: y2, scratch: scratchBuffer)
    }

    /// The GEMM inside conv2 on an already lowered im2col matrix (scratch), without the lowering.
    func conv2Gemm() {
        Gemm.multiply(m: 64, n: 196, k: 288, a: w2, lda: 288, b: scratch, ldb: 208, c: y2, ldc: 196)
    }

    func bn1() {
        BatchNorm.inference(
            batch: batch, channels: 32, spatial: 784, input: y1, scale: bnScale1, bias: bnBias1,
            mean: bnMean1, variance: bnVar1, output: y1)
    }

    func bn2() {
        BatchNorm.inference(
            batch: batch, channels: 64, spatial: 196, input: y2, scale: bnScale2, bias: bnBias2,
            mean: bnMean2, variance: bnVar2, output: y2)
    }

    func relu1() { ReLU.forward(count: conv1.outputCount, input: y1, output: y1) }
    func relu2() { ReLU.forward(count: conv2.outputCount, input: y2, output: y2) }
    func maxPool1() { MaxPool2D.forward(pool1, input: y1, output: p1, argmax: argmax1) }
    func maxPool2() { MaxPool2D.forward(pool2, input: y2, output: p2, argmax: argmax2) }

    func fc1Forward() {
        Linear.forward(batch: batch, inFeatures: 3136, outFeatures: 80, input: p2, weight: fc1w, bias: fc1b, output: h)
    }

    func fc2Forward() {
        Linear.forward(
            batch: batch, inFeatures: 80, outFeatures: 10, input: h, weight: fc2w, bias: fc2b, output: logits)
    }

    /// The whole network, one kernel per layer (flatten is free: p2 is already `[batch, 3136]`).
    func forward() {
        conv1Forward()
        bn1()
        relu1()
        maxPool1()
        conv2Forward()
        bn2()
        relu2()
        maxPool2()
        fc1Forward()
        ReLU.forward(count: batch * 80, input: h, output: h)
        fc2Forward()
    }

    func conv2BackwardInput() {
        Conv2D.backwardInput(conv2, weight: w2, outputGradient: dy2, inputGradient: dx2, scratch: scratchBuffer)
    }

    func conv2BackwardWeight() {
        Conv2D.backwardWeight(
            conv2, input: p1, outputGradient: dy2, weightGradient: dw2, biasGradient: db2,
            scratch: scratchBuffer)
    }

    func fc1Backward() {
        Linear.backward(
            batch: batch, inFeatures: 3136, outFeatures: 80, input: p2, weight: fc1w, outputGradient: h,
            inputGradient: dp2, weightGradient: dfc1w, biasGradient: dfc1b)
    }
}
