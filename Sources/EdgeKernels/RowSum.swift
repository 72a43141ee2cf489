/// Sum of a contiguous run of floats (bias gradients, pooling), per kernel path.
enum RowSum {
    static func sum(_ x: UnsafePointer<Float>, count: Int, path: KernelPath) -> Float {
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        var i = 0
        while i + 4 <= count {
            s0 += x[i]; s1 += x[i + 1]; s2 += x[i + 2]; s3 += x[i + 3]
            i += 4
        }
        while i < count { s0 += x[i]; i += 1 }
        return (s0 + s1) + (s2 + s3)
    }
}
