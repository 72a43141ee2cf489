import EdgeGraph
import EdgeModelIO
import EdgeRuntime
import EdgeTensor
import Foundation
import Testing

@testable import EdgeFuzzing

/// The committed corpus (Corpus/<target>/): seeds and every input a fuzzer ever crashed on.
enum Corpus {
    static let directory: String = {
        let file = #filePath
        return String(file[..<file.lastIndex(of: "/")!]) + "/Corpus"
    }()

    /// Paths of the corpus files of `target`, sorted.
    static func files(_ target: FuzzTarget) -> [String] {
        let folder = directory + "/" + target.rawValue
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
    }
}

@Suite struct CorpusReplayTests {
    /// Every corpus input goes through its harness without trapping (a trap ends the test run).
    @Test(arguments: FuzzTarget.allCases)
    func corpusReplays(_ target: FuzzTarget) throws {
        let files = Corpus.files(target)
        #expect(files.count >= 3, "corpus of \(target) has \(files.count) files")
        for path in files {
            let bytes = try #require(FileManager.default.contents(atPath: path), "\(path) unreadable")
            bytes.withUnsafeBytes { FuzzHarness.run(target, $0) }
        }
    }

    /// The committed corpus stays small enough to live in the repository.
    @Test func corpusIsSmall() throws {
        var total = 0
        for target in FuzzTarget.allCases {
            for path in Corpus.files(target) {
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                total += (attributes[.size] as? Int) ?? 0
            }
        }
        #expect(total < 1_000_000, "corpus is \(total) bytes")
    }

    /// Valid DigitCNN weights (too big for the corpus) reach the graph and the eager prediction.
    @Test func validWeightsRunThroughThePrediction() {
        let bytes = DigitCNNWeights(seed: 7).safetensors.serialized()
        #expect(bytes.count > 1_000_000)
        bytes.withUnsafeBytes { FuzzHarness.safetensors($0) }
    }

    @Test func executableNamesAreDistinct() {
        #expect(Set(FuzzTarget.allCases.map(\.executableName)).count == FuzzTarget.allCases.count)
    }
}

@Suite struct PNGChunkCRCTests {
    @Test func checksumIsPNGs() {
        #expect(PNGChunkCRC.checksum(ArraySlice(Array("IEND".utf8))) == 0xae42_6082)
    }

    @Test func repairRestoresTheCRCsAMutationBroke() throws {
        let path = Corpus.directory + "/png/seed-gray8-paper.png"
        let good = try #require(FileManager.default.contents(atPath: path)).map { $0 }
        #expect(PNGChunkCRC.repaired(good) == nil)
        var broken = good
        broken[20] ^= 1  // the IHDR height
        broken[broken.count - 1] ^= 0xff  // the IEND CRC
        let repaired = try #require(PNGChunkCRC.repaired(broken))
        #expect(repaired[20] == broken[20] && repaired.suffix(4).elementsEqual(good.suffix(4)))
        #expect(PNGChunkCRC.repaired(Array(broken.prefix(40))) != nil)  // the IHDR alone
        #expect(PNGChunkCRC.repaired([1, 2, 3]) == nil)
    }
}

@Suite struct ONNXSeedTests {
    /// The classifier seed is a real model: it reaches the harness's eager prediction.
    @Test func classifierSeedReachesThePrediction() throws {
        let path = Corpus.directory + "/onnx/seed-classifier.onnx"
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let graph = try ONNXReader.graph(bytes: Array(bytes), path: path)
        let model = try EagerModel(graph: graph)
        #expect(model.signature.inputShape == [1, 1, 6, 6] && model.signature.classCount == 3)
        #expect(try model.makeContext().logits(Tensor(shape: [1, 1, 6, 6])).count == 3)
    }
}
