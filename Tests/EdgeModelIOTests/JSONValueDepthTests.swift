import EdgeIO
import Foundation
import Testing

@testable import EdgeModelIO

/// Deeply nested safetensors headers are refused at once (they took seconds: every level's
/// failed scalar tries built errors carrying the whole coding path; found by fuzzing).
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
        guard case .array? = value["a"] else {
            Issue.record("expected an object holding arrays, got \(value)")
            return
        }
    }

    @Test func deeperNestingIsRefused() {
        let nested = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: SafetensorsError.header("not valid JSON")) {
            try SafetensorsFile(bytes: file(header: "{\"a\":\(nested)}"))
        }
        let tooDeep = JSONValue.maximumDepth + 1
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(
                JSONValue.self,
                from: Data((String(repeating: "[", count: tooDeep) + String(repeating: "]", count: tooDeep)).utf8))
        }
    }
}
