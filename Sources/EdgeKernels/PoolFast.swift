/// Pooling loops on the fast paths.
enum PoolFast {
    static func maxForward(_ g: Pool2DGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                           argmax: UnsafeMutablePointer<Int32>?, path: KernelPath) {
        MaxPool2D.forwardReference(g, input: input, output: output, argmax: argmax)
    }
}
