/// Which integer kernel family runs a quantized layer, derived from a ``KernelPath``.
///
/// `.avx512` runs the AVX-512 VNNI kernels (`vpdpbusd`) when the CPU has VNNI and the AVX2 ones
/// otherwise; `.avx2` runs the AVX2 kernels (`vpmaddwd` on operands widened to int16, which
/// cannot saturate); `.portable` the plain Swift kernels. All three give the same bits.
public enum QuantizedKernels: String, Sendable, CaseIterable, CustomStringConvertible {
    case portable
    case avx2
    case vnni

    public var description: String { rawValue }

    /// The family a kernel path runs on this CPU.
    public init(_ path: KernelPath) {
        switch path {
        case .portable: self = .portable
        case .avx2: self = .avx2
        case .avx512: self = CPUSupport.shared.avx512VNNI ? .vnni : .avx2
        }
    }

    /// Nil when this process can run the family, else why not (for tests that skip it).
    public var unsupportedReason: String? {
        switch self {
        case .portable: nil
        case .avx2: CPUSupport.shared.avx2 ? nil : "this CPU or build has no AVX2"
        case .vnni: CPUSupport.shared.avx512VNNI ? nil : "this CPU or build has no AVX-512 VNNI"
        }
    }
}

/// Bytes a packed integer kernel reads (weights in the kernel's layout, offset tables,
/// requantization constants), 64-byte aligned, laid out once at load and freed with this object.
/// The kernels hold raw pointers into it; whoever holds a kernel keeps its buffer alive.
public final class PackedBuffer: @unchecked Sendable {
    public let base: UnsafeMutableRawPointer
    public let byteCount: Int

    /// Copies each array to the next 64-byte boundary; `offsets[i]` is where array `i` starts.
    init(_ arrays: [PackedArray]) {
        var offsets: [Int] = []
        var size = 0
        for array in arrays {
            offsets.append(size)
            size += (array.byteCount + 63) / 64 * 64
        }
        byteCount = max(size, 64)
        base = .allocate(byteCount: byteCount, alignment: 64)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        for (array, offset) in zip(arrays, offsets) { array.copy(base + offset) }
        self.offsets = offsets
    }

    let offsets: [Int]

    func pointer<T>(_ index: Int, as: T.Type) -> UnsafeMutablePointer<T> {
        (base + offsets[index]).assumingMemoryBound(to: T.self)
    }

    deinit { base.deallocate() }
}

/// An array `PackedBuffer` can hold: its size and how to copy it.
struct PackedArray {
    let byteCount: Int
    let copy: (UnsafeMutableRawPointer) -> Void

    init<T: BitwiseCopyable>(_ values: [T]) {
        byteCount = values.count * MemoryLayout<T>.stride
        copy = { target in
            values.withUnsafeBytes {
                if let base = $0.baseAddress { target.copyMemory(from: base, byteCount: $0.count) }
            }
        }
    }
}

extension Requantization {
    /// `(multiplier, right shift)` for the vector epilogues, which need the right shift in
    /// 31...62 (a real multiplier below 1; every calibrated model has those); nil otherwise.
    /// Multipliers that round to 0 become `(0, 31)`, which gives 0 as ``apply`` does.
    public var vectorForm: (multiplier: Int32, right: Int64)? {
        let right = 31 - shift
        if multiplier == 0 || right >= 63 { return (0, 31) }
        guard right >= 31 else { return nil }
        return (multiplier, Int64(right))
    }
}
