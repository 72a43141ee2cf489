/// The bodies of the libFuzzer targets: each takes one input and feeds it to a product loader
/// exactly as the product does, then checks what the loader promises about its result.
///
/// A thrown error is an expected outcome for malformed input and is ignored; a trap (a failed
/// precondition, an overflow, an out-of-bounds index, a sanitizer report) is a bug. The
/// entry points in `EdgeLoopFuzz/` (built by `scripts/fuzz.sh` with `-sanitize=fuzzer,address`) call
/// these functions; `EdgeFuzzingTests` replays the committed corpus through them, so this
/// target itself never links the fuzzer runtime. See docs/fuzzing.md.
///
/// Threading: every function is reentrant; the buffer is only read during the call.
public enum FuzzHarness {
    /// Runs the harness of `target` on `data`.
    public static func run(_ target: FuzzTarget, _ data: UnsafeRawBufferPointer) {
        switch target {
        case .png: png(data)
        case .safetensors: safetensors(data)
        case .pipelineYAML: pipelineYAML(data)
        case .labelsCSV: labelsCSV(data)
        case .onnx: onnx(data)
        }
    }
}
