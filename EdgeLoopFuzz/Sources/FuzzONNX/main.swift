import CFuzzerDriver
import EdgeFuzzing
import Foundation

// SwiftPM links an executable's `main` to its module's entry point (this file), not to
// libFuzzer's `main`, so the entry point starts libFuzzer's driver itself.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { data, count in
        FuzzHarness.onnx(UnsafeRawBufferPointer(start: data, count: count))
        return 0
    })
