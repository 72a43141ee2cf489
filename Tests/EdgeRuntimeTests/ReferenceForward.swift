import EdgeGraph
import EdgeKernels
import EdgeTensor

/// DigitCNN's forward pass written out by hand on the naive reference kernels: the oracle the
/// eager interpreter is checked against.
func referenceForward(_ weights: DigitCNNWeights, input: Tensor<Float>) throws -> Tensor<Float> {
    let batch = input.shape[0]
    func conv(_ x: Tensor<Float>, _ layer: String) throws -> Tensor<Float> {
        let w = weights["\(layer).weight"]
        let b = weights["\(layer).bias"]
        let g = try Conv2D.geometry(
            input: x.shape, weight: w.shape, parameters: Conv2DParameters(stride: 1, padding: 1))
        return Tensor(shape: [batch, g.outChannels, g.outHeight, g.outWidth]) { y in
            x.withUnsafeBufferPointer { xp in
                w.withUnsafeBufferPointer { wp in
                    b.withUnsafeBufferPointer { bp in
                        Conv2D.forwardReference(
                            g, input: xp.baseAddress!, weight: wp.baseAddress!, bias: bp.baseAddress!,
                            output: y.baseAddress!)
                    }
                }
            }
        }
    }
    func batchNorm(_ x: Tensor<Float>, _ layer: String) -> Tensor<Float> {
        let p = ["weight", "bias", "running_mean", "running_var"].map { weights["\(layer).\($0)"] }
        return Tensor(shape: x.shape) { y in
            x.withUnsafeBufferPointer { xp in
                p[0].withUnsafeBufferPointer { g in
                    p[1].withUnsafeBufferPointer { b in
                        p[2].withUnsafeBufferPointer { m in
                            p[3].withUnsafeBufferPointer { v in
                                BatchNorm.inferenceReference(
                                    batch: batch, channels: x.shape[1], spatial: x.shape[2] * x.shape[3],
                                    input: xp.baseAddress!, scale: g.baseAddress!, bias: b.baseAddress!,
                                    mean: m.baseAddress!, variance: v.baseAddress!, epsilon: 1e-5,
                                    output: y.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
    }
    func relu(_ x: Tensor<Float>) -> Tensor<Float> {
        Tensor(shape: x.shape) { y in
            x.withUnsafeBufferPointer {
                ReLU.forwardReference(count: x.count, input: $0.baseAddress!, output: y.baseAddress!)
            }
        }
    }
    func pool(_ x: Tensor<Float>) throws -> Tensor<Float> {
        let g = try Pool2DGeometry(
            batch: batch, channels: x.shape[1], inHeight: x.shape[2], inWidth: x.shape[3], kernel: 2)
        return Tensor(shape: Shape(g.outputDims)) { y in
            x.withUnsafeBufferPointer {
                MaxPool2D.forwardReference(g, input: $0.baseAddress!, output: y.baseAddress!, argmax: nil)
            }
        }
    }
    func linear(_ x: Tensor<Float>, _ layer: String) -> Tensor<Float> {
        let w = weights["\(layer).weight"]
        let b = weights["\(layer).bias"]
        return Tensor(shape: [batch, w.shape[0]]) { y in
            x.withUnsafeBufferPointer { xp in
                w.withUnsafeBufferPointer { wp in
                    b.withUnsafeBufferPointer { bp in
                        Linear.forwardReference(
                            batch: batch, inFeatures: w.shape[1], outFeatures: w.shape[0], input: xp.baseAddress!,
                            weight: wp.baseAddress!, bias: bp.baseAddress!, output: y.baseAddress!)
                    }
                }
            }
        }
    }
    var x = try pool(relu(batchNorm(try conv(input, "conv1"), "bn1")))
    x = try pool(relu(batchNorm(try conv(x, "conv2"), "bn2")))
    // NCHW is already (channel, row, column) order: flatten is a reshape.
    x = x.reshaped([batch, 3136])
    return linear(relu(linear(x, "fc1")), "fc2")
}

/// Seeded DigitCNN weights with BatchNorm statistics that are not the identity.
func testWeights(seed: UInt64) -> DigitCNNWeights {
    var weights = DigitCNNWeights(seed: seed)
    var generator = SplitMix64(seed: seed &+ 1000)
    for layer in ["bn1", "bn2"] {
        let channels = weights["\(layer).weight"].count
        func random(_ range: Range<Float>) -> Tensor<Float> {
            Tensor(shape: [channels], scalars: (0..<channels).map { _ in generator.nextFloat(in: range) })
        }
        weights["\(layer).weight"] = random(0.5..<1.5)
        weights["\(layer).bias"] = random(-0.2..<0.2)
        weights["\(layer).running_mean"] = random(-0.1..<0.1)
        weights["\(layer).running_var"] = random(0.5..<2)
    }
    return weights
}

/// A seeded normalised input batch, like preprocessed digits (pixel/255 normalised).
func testInput(batch: Int = 1, seed: UInt64) -> Tensor<Float> {
    var generator = SplitMix64(seed: seed)
    let count = batch * 28 * 28
    return Tensor(
        shape: [batch, 1, 28, 28],
        scalars: (0..<count).map { _ in
            (generator.nextFloat(in: 0..<1) - 0.1307) / 0.3081
        })
}

/// Largest |a − b| / max(1, |b|) over all elements.
func maxRelativeError(_ a: Tensor<Float>, _ b: Tensor<Float>) -> Float {
    precondition(a.shape == b.shape)
    return zip(a.scalars, b.scalars).reduce(0) { max($0, abs($1.0 - $1.1) / max(1, abs($1.1))) }
}
