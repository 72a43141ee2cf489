import Testing

@testable import EdgeKernels

@Suite struct KernelPathTests {
    @Test func portableIsAlwaysAvailable() {
        #expect(KernelPath.available.first == .portable)
        #expect(KernelPath.current.isSupported)
    }

    @Test func resolveHonoursSupportedRequests() {
        for path in KernelPath.available {
            #expect(KernelPath.resolve(request: path.rawValue).path == path)
            #expect(KernelPath.resolve(request: path.rawValue).note == nil)
        }
        let unknown = KernelPath.resolve(request: "sse9")
        #expect(unknown.path == KernelPath.best)
        #expect(unknown.note?.contains("sse9") == true)
        #expect(KernelPath.resolve(request: nil).path == KernelPath.best)
    }
}
