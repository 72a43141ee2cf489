import EdgeImaging
import EdgeModelIO
import Foundation
import Testing

@testable import EdgeCLI

/// `edge synth` as the binary: seeded, replayable PNG folders.
@Suite("edge synth (binary)")
struct SynthCommandTests {
    static func files(in directory: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            result[name] = FileManager.default.contents(atPath: directory + "/" + name)
        }
        return result
    }

    @Test("the same seed writes the same bytes; labels.csv names every frame with its digit")
    func seeded() throws {
        let folder = try TemporaryFolder(prefix: "edge-synth")
        defer { folder.remove() }
        for (name, seed) in [("a", "7"), ("b", "7"), ("c", "8")] {
            let result = try EdgeProcess.run(["synth", "--frames", "3", "--out", folder.file(name), "--seed", seed])
            #expect(result.status == 0, "\(result)")
            #expect(
                result.stdout == "wrote 3 frames (96x96 gray, seed \(seed)) and labels.csv to \(folder.file(name))\n")
        }
        let a = try Self.files(in: folder.file("a"))
        #expect(a == (try Self.files(in: folder.file("b"))))
        #expect(a != (try Self.files(in: folder.file("c"))))

        let labels = try #require(try LabelsFile.load(directory: folder.file("a")))
        #expect(labels.entries.count == 3)
        #expect(Set(a.keys) == Set(labels.entries.map(\.file) + ["labels.csv"]))
        for (index, entry) in labels.entries.enumerated() {
            #expect(entry.file == String(format: "synth_%05d_%d.png", index, entry.label))
            let info = try PNGCodec.info(contentsOf: folder.file("a/" + entry.file))
            #expect(info.width == 96 && info.height == 96 && info.colorType == .gray && info.bitDepth == 8)
        }

        // The folder is replayable: edge eval reads it as a labelled PNG folder.
        let eval = try EdgeProcess.run(["eval", "--json", "--data", folder.file("a")])
        #expect(eval.status == 0, "\(eval)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        #expect(object["total"] as? Int == 3)
    }

    @Test("edge synth --seed 7 writes the same bytes as it always has (pinned SHA-256)")
    func golden() throws {
        let folder = try TemporaryFolder(prefix: "edge-synth")
        defer { folder.remove() }
        let result = try EdgeProcess.run(["synth", "--frames", "4", "--out", folder.path, "--seed", "7"])
        #expect(result.status == 0, "\(result)")
        let expected = [
            "labels.csv": "84de638b86e2d2fc02e330e3cc862e0794eb5578cd39dc0e5cfd0d94b02c69ba",
            "synth_00000_9.png": "eac2fe73b7aa33d51572910c464e4042aa595022847d27e693543716eea6cae2",
            "synth_00001_1.png": "e834193656c53a128aba6fc0208936ffab05e360fd5cc015fec39390756adeda",
            "synth_00002_8.png": "06f91b9be3b120b70fd87c1567d4687a790632ac6566bc05b5f78e992964b7bf",
            "synth_00003_8.png": "fa7701644db2a9cea3b36c9bf3a521345ab1fd4da8eefee5c415fb0a5a00b0e3",
        ]
        let files = try Self.files(in: folder.path)
        #expect(Set(files.keys) == Set(expected.keys))
        for (name, digest) in expected {
            #expect(SHA256.hex([UInt8](files[name] ?? Data())) == digest, "\(name)")
        }
    }

    @Test("--rgb --width --height set the frame format")
    func format() throws {
        let folder = try TemporaryFolder(prefix: "edge-synth")
        defer { folder.remove() }
        let result = try EdgeProcess.run([
            "synth", "--frames", "2", "--out", folder.path, "--rgb", "--width", "40", "--height", "30",
        ])
        #expect(result.status == 0, "\(result)")
        let labels = try #require(try LabelsFile.load(directory: folder.path))
        #expect(labels.entries.count == 2)
        for entry in labels.entries {
            let info = try PNGCodec.info(contentsOf: folder.file(entry.file))
            #expect(info.width == 40 && info.height == 30 && info.colorType == .rgb && info.bitDepth == 8)
        }
    }
}
