#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A fixed, 64-byte-aligned, zeroed float buffer that a frozen plan or context owns for its whole
/// life: the weight pool, an arena, a conv scratch. Allocated once; never resized.
///
/// Threading: the plan's weight pool is written only while compiling and read by every context
/// afterwards; an arena or scratch belongs to one context.
final class FrozenBuffer: @unchecked Sendable {
    let count: Int
    let base: UnsafeMutablePointer<Float>

    init(count: Int) {
        precondition(count >= 0)
        self.count = count
        let bytes = max(count, 16) * MemoryLayout<Float>.stride
        var raw: UnsafeMutableRawPointer?
        let status = posix_memalign(&raw, 64, bytes)
        precondition(status == 0 && raw != nil, "posix_memalign(\(bytes)) failed")
        memset(raw!, 0, bytes)
        base = raw!.bindMemory(to: Float.self, capacity: max(count, 16))
    }

    var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: base, count: count) }

    deinit { free(base) }
}
