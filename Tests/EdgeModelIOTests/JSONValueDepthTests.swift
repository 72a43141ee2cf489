import Foundation
import Testing
@testable import EdgeModelIO

/// Deeply nested safetensors headers fail fast (they took seconds: every level's failed
/// scalar tries built errors carrying the whole coding path).
@Suite struct JSONValueDepthTests {
    private func file(header: String) -> [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes += $0 }
        return bytes + Array(header.utf8)
    }

    @Test func nestingWithinTheLimitDecodes() throws {
        let depth = JSONValue.maximumDepth
        let nested = String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1)
        let value = try JSONDecoder().decode(JSONValue.self, from: Data("{\"a\":\(nested)}".utf8))
        guard case .object(let object) = value, case .array? = object["a"] else {
            Issue.record("expected an object holding arrays, got \(value)")
            return
        }
    }

    @Test func deeperNestingIsRefusedQuickly() {
        let nested = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        let start = ContinuousClock.now
        #expect(throws: SafetensorsError.header("not valid JSON")) {
            try SafetensorsFile(bytes: file(header: "{\"a\":\(nested)}"))
        }
        #expect(ContinuousClock.now - start < .seconds(1))  // was 5 s (ASan release), more in debug
        let tooDeep = JSONValue.maximumDepth + 1
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(JSONValue.self, from: Data((String(repeating: "[", count: tooDeep) + String(repeating: "]", count: tooDeep)).utf8))
        }
    }
}
