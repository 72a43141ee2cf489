// swift-tools-version: 6.1
// libFuzzer entry points for EdgeLoop's fuzz targets: one executable per target, each handing
// the harness in the root package's `EdgeFuzzing` module to libFuzzer's driver as the callback
// `LLVMFuzzerTestOneInput` would be.
//
// Lives in EdgeLoopFuzz/ rather than Fuzz/: SwiftPM names a path package after its folder, so
// a `Fuzz` package would clash with a checkout of this repository in a folder named `fuzz`.
// Built only by scripts/fuzz.sh (`-sanitize=fuzzer,address`, own scratch path), so the root
// package's `swift build` / `swift test` never need the fuzzer runtime. See docs/fuzzing.md.

import PackageDescription

// One per `FuzzTarget` case (its `executableName`).
let entryPoints = ["FuzzPNG", "FuzzSafetensors", "FuzzPipelineYAML", "FuzzLabelsCSV", "FuzzONNX"]

let package = Package(
    name: "EdgeLoopFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "EdgeLoop", path: "..")],
    targets: [.target(name: "CFuzzerDriver")]
        + entryPoints.map { name in
            .executableTarget(
                name: name,
                dependencies: ["CFuzzerDriver", .product(name: "EdgeFuzzing", package: "EdgeLoop")],
                path: "Sources/\(name)"
            )
        }
)
