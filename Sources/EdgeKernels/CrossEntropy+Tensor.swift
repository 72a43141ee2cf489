import EdgeTensor

extension CrossEntropy {
    /// Mean softmax cross-entropy of `logits` `[batch, classes]` against `labels`, and the
    /// gradient with respect to the logits.
    /// - Throws: `KernelError` when the shapes disagree or a label is outside `0..<classes`.
    public static func lossAndGradient(
        logits: Tensor<Float>, labels: [Int32],
        path: KernelPath = .current
    ) throws(KernelError) -> (loss: Float, logitGradient: Tensor<Float>) {
        let (batch, classes) = try validate(logits: logits, labels: labels)
        var gradient = Tensor<Float>(shape: logits.shape)
        let loss = logits.withPointer { x in
            labels.withUnsafeBufferPointer { l in
                gradient.withUnsafeMutableBufferPointer { g in
                    forward(
                        batch: batch, classes: classes, logits: x, labels: l.baseAddress!,
                        logitGradient: g.baseAddress!, path: path)
                }
            }
        }
        return (loss, gradient)
    }

    /// Mean softmax cross-entropy only.
    /// - Throws: `KernelError` when the shapes disagree or a label is outside `0..<classes`.
    public static func loss(logits: Tensor<Float>, labels: [Int32], path: KernelPath = .current) throws(KernelError)
        -> Float
    {
        let (batch, classes) = try validate(logits: logits, labels: labels)
        return logits.withPointer { x in
            labels.withUnsafeBufferPointer { l in
                forward(
                    batch: batch, classes: classes, logits: x, labels: l.baseAddress!, logitGradient: nil, path: path)
            }
        }
    }

    static func validate(logits: Tensor<Float>, labels: [Int32]) throws(KernelError) -> (Int, Int) {
        try requireRank("crossentropy", "logits", logits.shape, 2)
        let batch = logits.shape[0]
        let classes = logits.shape[1]
        guard batch > 0, classes > 0, labels.count == batch else {
            throw KernelError("crossentropy: \(labels.count) labels for logits \(logits.shape)")
        }
        if let bad = labels.first(where: { $0 < 0 || Int($0) >= classes }) {
            throw KernelError("crossentropy: label \(bad) outside 0..<\(classes)")
        }
        return (batch, classes)
    }
}
