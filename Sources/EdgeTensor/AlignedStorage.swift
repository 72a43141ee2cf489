#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fixed-size, 64-byte-aligned, zero-initialised heap buffer of `Element`s.
///
/// Reference type: `Tensor` shares it between views and copies it on write.
/// Threading: not synchronised; a tensor that is mutated must not be shared across threads.
public final class AlignedStorage<Element: TensorElement>: @unchecked Sendable {
    /// Alignment of every allocation in bytes (one cache line, one AVX-512 register).
    public static var alignment: Int { 64 }

    /// Number of elements.
    public let count: Int
    @usableFromInline let base: UnsafeMutablePointer<Element>

    /// Allocates `count` zeroed elements.
    public init(count: Int) {
        precondition(count >= 0)
        self.count = count
        let bytes = max(count * MemoryLayout<Element>.stride, Self.alignment)
        var raw: UnsafeMutableRawPointer?
        let status = posix_memalign(&raw, Self.alignment, bytes)
        precondition(status == 0 && raw != nil, "posix_memalign(\(bytes)) failed")
        memset(raw!, 0, bytes)
        base = raw!.bindMemory(to: Element.self, capacity: max(count, 1))
    }

    /// A new storage holding a copy of `count` elements starting at `source`.
    public convenience init(copying source: UnsafePointer<Element>, count: Int) {
        self.init(count: count)
        base.update(from: source, count: count)
    }

    deinit { free(base) }
}
