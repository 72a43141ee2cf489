import EdgeImaging
import Foundation
import Testing

@testable import EdgePipeline

/// The folder source's IHDR peek against headers no decoder would accept (found by fuzzing:
/// Tests/EdgeFuzzingTests/Corpus/png/crash-pixelcount-overflow).
@Suite struct FolderSourcePixelCountTests {
    /// A PNG signature and IHDR claiming `width` × `height`, and nothing after it.
    private func header(width: UInt32, height: UInt32) -> [UInt8] {
        var bytes: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13] + Array("IHDR".utf8)
        for value in [width, height] { withUnsafeBytes(of: value.bigEndian) { bytes += $0 } }
        return bytes + [8, 0, 0, 0, 0, 0, 0, 0, 0]
    }

    @Test func sizesBeyondTheDecoderLimitAreCapped() {
        #expect(FolderSource.pixelCount(png: header(width: 28, height: 40)) == 1120)
        #expect(FolderSource.pixelCount(png: header(width: 4096, height: 4096)) == PNGDecodeOptions.defaultMaxPixels)
        #expect(FolderSource.pixelCount(png: header(width: 4097, height: 4096)) == PNGDecodeOptions.defaultMaxPixels)
        // 2^32 - 1 squared used to overflow Int and trap.
        #expect(FolderSource.pixelCount(png: header(width: .max, height: .max)) == PNGDecodeOptions.defaultMaxPixels)
        #expect(FolderSource.pixelCount(png: Array(header(width: 28, height: 28).prefix(23))) == 0)
    }

    /// Huge claimed sizes once made the virtual clock's per-megapixel cost overflow its
    /// nanosecond arithmetic; such frames now cost what the largest decodable frame costs and
    /// fail in preprocess as too large.
    @Test func virtualRunOverHugeHeadersFinishes() async throws {
        let dir = makeTempDirectory("huge-headers")
        defer { removeTempDirectory(dir) }
        for (n, side) in [UInt32(0x7fff_ffff), 0xffff_ffff, 1 << 20].enumerated() {
            try Data(header(width: side, height: side)).write(to: URL(fileURLWithPath: dir + "/huge\(n).png"))
        }
        var config = PipelineConfig(
            name: "huge", source: .folder(FolderSourceConfig(path: dir, loop: 2)), clock: .virtual)
        config.sink.logDirectory = nil
        config.sink.warmupFrames = 0
        let result = try await Pipeline(config: config, factory: CentroidFactory()).run()
        #expect(result.counts.balances && result.counts.produced == 6)
        #expect(result.counts.failedByReason.values.reduce(0, +) == 6)
    }
}
