import CCPUFeatures

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which implementation of the fast kernels runs.
///
/// The process picks one path at start-up (`KernelPath.current`): the best one the CPU supports,
/// or the one named by the environment variable `EDGE_KERNELS=portable|avx2|avx512`. Every kernel
/// entry point also takes an explicit `path:` argument (defaulting to `.current`), so a test can
/// run the same kernel on every path in one process (`KernelPath.available`).
public enum KernelPath: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Plain Swift compiled without CPU flags; runs everywhere.
    case portable
    /// Swift SIMD compiled for x86-64-v3 (AVX2 + FMA).
    case avx2
    /// The AVX2 kernels with AVX-512 C GEMM micro-kernels (x86 with AVX-512 F/BW/VL/DQ).
    case avx512

    public var description: String { rawValue }

    /// True when this process can run the path: it was compiled in and the CPU supports it.
    public var isSupported: Bool {
        switch self {
        case .portable: true
        case .avx2: CPUSupport.shared.avx2
        case .avx512: CPUSupport.shared.avx512
        }
    }

    /// Every path this process can run, slowest first.
    public static var available: [KernelPath] { allCases.filter(\.isSupported) }

    /// The best path this process can run, ignoring `EDGE_KERNELS`.
    public static var best: KernelPath { available.last ?? .portable }

    /// The path chosen once at start-up (see the type's documentation).
    public static let current: KernelPath = resolveStartup().path

    /// A one-line note when `EDGE_KERNELS` could not be honoured (unknown value, or a path this
    /// CPU lacks); nil otherwise. Tools may print it; the kernels never print.
    public static let startupNote: String? = resolveStartup().note

    /// Resolves a request (the value of `EDGE_KERNELS`, or nil) against the CPU.
    /// - Returns: the path to use and, when the request was not honoured, why.
    public static func resolve(request: String?) -> (path: KernelPath, note: String?) {
        guard let request, !request.isEmpty else { return (best, nil) }
        guard let wanted = KernelPath(rawValue: request.lowercased()) else {
            return (best, "EDGE_KERNELS=\(request) is not one of portable, avx2, avx512; using \(best)")
        }
        guard wanted.isSupported else {
            return (best, "EDGE_KERNELS=\(request) is not supported on this CPU or build; using \(best)")
        }
        return (wanted, nil)
    }

    private static func resolveStartup() -> (path: KernelPath, note: String?) {
        let request = getenv("EDGE_KERNELS").map { String(cString: $0) }
        return resolve(request: request)
    }
}

/// CPU features relevant to kernel dispatch, read once from the C shim.
struct CPUSupport: Sendable {
    let avx2: Bool
    let avx512: Bool
    let avx512VNNI: Bool

    static let shared: CPUSupport = {
        #if canImport(EdgeKernelsAVX2) && canImport(CEdgeAVX512)
            let avx2 = edge_cpu_has_avx2_fma() != 0
            let avx512 = avx2 && edge_cpu_has_avx512() != 0
            return CPUSupport(avx2: avx2, avx512: avx512, avx512VNNI: avx512 && edge_cpu_has_avx512_vnni() != 0)
        #else
            return CPUSupport(avx2: false, avx512: false, avx512VNNI: false)
        #endif
    }()
}
