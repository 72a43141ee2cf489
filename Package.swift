// swift-tools-version: 6.1
// EdgeLoop: an always-on edge-AI device loop, measured honestly.
//
// The fast float kernels are compiled with CPU flags through `unsafeFlags`, which makes this a
// root-only package (it cannot be used as a dependency of another package). See README.md.

import PackageDescription

let fastKernelTargets: [Target]
let fastKernelDependencies: [Target.Dependency]
#if arch(x86_64)
fastKernelTargets = [
    // AVX2+FMA Swift SIMD kernels. `-Xcc -march` is what makes Swift's SIMD types compile to
    // vector FMAs (without it they become scalar `fmaf` calls). Entry points are @inline(never).
    .target(
        name: "EdgeKernelsAVX2",
        path: "Sources/EdgeKernelsAVX2",
        swiftSettings: [.unsafeFlags(["-Xcc", "-march=x86-64-v3", "-Ounchecked"])]
    ),
    // AVX-512 / VNNI code in C with per-function target attributes; only called when the CPU has it.
    .target(name: "CEdgeAVX512", path: "Sources/CEdgeAVX512", cSettings: [.unsafeFlags(["-O3"])]),
    // Integer kernels (AVX2 vpmaddwd, AVX-512 VNNI vpdpbusd) in C, per-function target attributes.
    .target(name: "CEdgeInt8", path: "Sources/CEdgeInt8", cSettings: [.unsafeFlags(["-O3"])]),
]
fastKernelDependencies = ["EdgeKernelsAVX2", "CEdgeAVX512", "CEdgeInt8"]
#else
fastKernelTargets = []
fastKernelDependencies = []
#endif

let package = Package(
    name: "EdgeLoop",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "edge", targets: ["EdgeCLI"]),
        // For the fuzz entry points in EdgeLoopFuzz/ (a separate package that depends on this one by path).
        .library(name: "EdgeFuzzing", targets: ["EdgeFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: fastKernelTargets + [
        // MARK: C shims
        .target(name: "CLibPNG", path: "Sources/CLibPNG", linkerSettings: [.linkedLibrary("png")]),
        .target(name: "CCPUFeatures", path: "Sources/CCPUFeatures"),

        // MARK: Core (no I/O)
        .target(name: "EdgeTensor"),
        .target(
            name: "EdgeKernels",
            dependencies: ["EdgeTensor", "CCPUFeatures"] + fastKernelDependencies,
            exclude: ["README.md"]
        ),
        .target(name: "EdgeGraph", dependencies: ["EdgeTensor"]),

        // MARK: I/O, runtime, tools
        .target(name: "EdgeIO"),
        .target(
            name: "EdgeModelIO",
            dependencies: ["EdgeGraph", "EdgeIO", "EdgeTensor", .product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        .target(name: "EdgeRuntime", dependencies: ["EdgeGraph", "EdgeKernels"]),
        // Static post-training quantization: calibration observers, scale choice, float → QDQ graph.
        .target(name: "EdgeQuantization", dependencies: ["EdgeGraph", "EdgeRuntime", "EdgeKernels", "EdgeTensor"]),
        .target(name: "EdgeTraining", dependencies: ["EdgeGraph", "EdgeKernels"]),
        .target(name: "EdgeImaging", dependencies: ["CLibPNG", "EdgeTensor", "EdgeIO"]),
        .target(
            name: "EdgePipeline",
            dependencies: [
                "EdgeImaging", "EdgeRuntime", "EdgeIO",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        // The three deployments as files and engines: default model per variant, file → graph →
        // compiled model, the engine factory. Shared by the CLI, the benchmarks and the tests.
        .target(
            name: "EdgeDeployment",
            dependencies: [
                "EdgeGraph", "EdgeKernels", "EdgeModelIO", "EdgeRuntime", "EdgeIO", "EdgeQuantization", "EdgeImaging",
            ]
        ),
        // `edge bench`: interleaved, single-thread timing of compiled models on the same inputs.
        .target(
            name: "EdgeBench",
            dependencies: [
                "EdgeDeployment", "EdgeRuntime", "EdgeImaging", "EdgePipeline", "EdgeIO", "EdgeTensor",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        // Harness bodies for the libFuzzer entry points in EdgeLoopFuzz/ (scripts/fuzz.sh); no fuzzer
        // runtime here, `swift test` replays the committed corpus through them.
        .target(
            name: "EdgeFuzzing",
            dependencies: [
                "EdgeTensor", "EdgeGraph", "EdgeModelIO", "EdgeRuntime", "EdgeImaging", "EdgePipeline",
                "EdgeDeployment", .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "EdgeCLI",
            dependencies: [
                "EdgeTensor", "EdgeKernels", "EdgeGraph", "EdgeModelIO", "EdgeRuntime",
                "EdgeTraining", "EdgeImaging", "EdgePipeline", "EdgeIO", "EdgeDeployment", "EdgeBench", "EdgeQuantization",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Tests
        .testTarget(name: "EdgeTensorTests", dependencies: ["EdgeTensor"]),
        .testTarget(name: "EdgeKernelsTests", dependencies: ["EdgeKernels"]),
        .testTarget(name: "EdgeGraphTests", dependencies: ["EdgeGraph"]),
        .testTarget(
            name: "EdgeModelIOTests", dependencies: ["EdgeModelIO", "EdgeIO", "EdgeRuntime"], resources: [.copy("Fixtures")]),
        .testTarget(name: "EdgeRuntimeTests", dependencies: ["EdgeRuntime", "EdgeModelIO", "EdgeImaging"]),
        .testTarget(
            name: "EdgeQuantizationTests", dependencies: ["EdgeQuantization", "EdgeRuntime", "EdgeGraph", "EdgeTensor"]),
        .testTarget(name: "EdgeTrainingTests", dependencies: ["EdgeTraining", "EdgeRuntime", "EdgeImaging"]),
        .testTarget(name: "EdgeImagingTests", dependencies: ["EdgeImaging", "EdgeIO"]),
        .testTarget(name: "EdgeIOTests", dependencies: ["EdgeIO", "EdgeTensor"]),
        .testTarget(name: "EdgePipelineTests", dependencies: ["EdgePipeline", "EdgeModelIO", "EdgeKernels"]),
        .testTarget(name: "EdgeDeploymentTests", dependencies: ["EdgeDeployment", "EdgeModelIO", "EdgeImaging"], exclude: ["Fixtures"]),
        .testTarget(name: "EdgeBenchTests", dependencies: ["EdgeBench", "EdgeDeployment"]),
        .testTarget(name: "EdgeCLITests", dependencies: ["EdgeCLI", "EdgeDeployment"]),
        .testTarget(
            name: "EdgeFuzzingTests", dependencies: ["EdgeFuzzing", "EdgeModelIO", "EdgeRuntime", "EdgeTensor"],
            exclude: ["Corpus"]),

        // MARK: Benchmarks (package-benchmark: `swift package benchmark`)
        .executableTarget(
            name: "KernelBenchmarks",
            dependencies: ["EdgeKernels", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/KernelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ImagingBenchmarks",
            dependencies: ["EdgeImaging", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/ImagingBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "InferenceBenchmarks",
            dependencies: [
                "EdgeRuntime", "EdgeDeployment", "EdgeGraph", "EdgeTensor",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/InferenceBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
