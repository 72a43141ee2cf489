import EdgeRuntime

/// Facts about the run that the pipeline does not decide: which model, which kernels, which build.
public struct RunMetadata: Sendable {
    public var variant: Variant
    /// SHA-256 of the model file, hex.
    public var modelSHA256: String
    /// Kernel path in use (`avx512`, `avx2`, `portable`).
    public var kernels: String
    /// `release` or `debug`.
    public var build: String

    public init(variant: Variant, modelSHA256: String, kernels: String, build: String = RunMetadata.currentBuild) {
        self.variant = variant
        self.modelSHA256 = modelSHA256
        self.kernels = kernels
        self.build = build
    }

    /// The build configuration this module was compiled in.
    public static var currentBuild: String {
        #if DEBUG
            "debug"
        #else
            "release"
        #endif
    }
}
