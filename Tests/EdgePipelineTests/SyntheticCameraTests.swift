import EdgeImaging
import EdgeModelIO
import EdgeRuntime
import Testing

@testable import EdgePipeline

@Suite struct SyntheticCameraTests {
    static let digits = try! MNISTDataset.load(directory: Repo.mnist, split: .test)

    @Test func sameSeedSameBytesDifferentSeedDifferent() {
        let settings = SyntheticCamera.Settings(width: 48, height: 40, format: .rgb)
        let a = SyntheticCamera(digits: Self.digits, settings: settings, seed: 7)
        let b = SyntheticCamera(digits: Self.digits, settings: settings, seed: 7)
        let c = SyntheticCamera(digits: Self.digits, settings: settings, seed: 8)
        for k in [0, 1, 5] {
            let fa = a.render(frame: k)
            let fb = b.render(frame: k)
            #expect(fa.image == fb.image)
            #expect(fa.label == Int(Self.digits.labels[fa.digitIndex]))
        }
        #expect(a.render(frame: 0).image != c.render(frame: 0).image)
        #expect(a.render(frame: 0).image.pixels.count == 48 * 40 * 3)
        // A frame does not depend on the frames before it.
        #expect(
            a.render(frame: 3).image
                == SyntheticCamera(digits: Self.digits, settings: settings, seed: 7).render(frame: 3).image)
    }

    @Test func darkDigitOnLightPaperSurvivesPreprocessing() {
        let camera = SyntheticCamera(digits: Self.digits, settings: .init(width: 64, height: 64, noise: 2), seed: 3)
        let frame = camera.render(frame: 0)
        let mean = frame.image.pixels.reduce(0) { $0 + Int($1) } / frame.image.pixels.count
        #expect(mean > 100)  // mostly paper
        #expect(frame.image.pixels.min()! < 90)  // some ink
        #expect(!Preprocessor().process(frame.image).isEmpty)
    }

    @Test func sourceFaultsAreSeededAndAccounted() throws {
        var config = CameraSourceConfig()
        config.settings.width = 32
        config.settings.height = 32
        config.seed = 11
        config.frames = 40
        config.faults.drop = 0.2
        config.faults.corrupt = 0.2
        config.faults.stall = 0.1
        config.faults.stallMs = 5
        func outcomes() throws -> [String] {
            var source = try SyntheticCameraSource(config: config)
            var out: [String] = []
            var id = 0
            while let d = source.next(id: id) {
                switch d.result {
                case .next(let f):
                    if case .png(let bytes) = f.payload {
                        do {
                            _ = try PNGCodec.decode(bytes)
                            out.append("ok")
                        } catch { out.append(error.reason) }
                    }
                case .finished(let f): out.append(f.outcome.name)
                }
                if d.stallNs > 0 { out[out.count - 1] += "+stall" }
                id += 1
            }
            return out
        }
        let first = try outcomes()
        #expect(first.count == 40)
        #expect(first == (try outcomes()))
        #expect(first.contains { $0.hasPrefix("dropped") })
        #expect(first.contains { $0.hasPrefix("corrupt_png") || $0.hasPrefix("truncated") })
        #expect(first.contains { $0.hasSuffix("+stall") })
        #expect(first.filter { $0.hasPrefix("ok") }.count > 20)
    }

    @Test func synthWritesFolderThatReplays() throws {
        let parent = makeTempDirectory("synth")
        defer { removeTempDirectory(parent) }
        let dir = parent + "/out"
        let camera = SyntheticCamera(digits: Self.digits, settings: .init(width: 40, height: 40), seed: 5)
        let names = try camera.writeFrames(count: 3, to: dir)
        #expect(names.count == 3 && names[0].hasPrefix("synth_00000_"))
        let source = try FolderSource(config: FolderSourceConfig(path: dir, order: .labels))
        #expect(source.entries.map(\.name) == names)
        #expect(source.entries[1].label == camera.render(frame: 1).label)
        #expect(try PNGCodec.decode(contentsOf: dir + "/" + names[2]) == camera.render(frame: 2).image)
    }
}

@Suite struct SyntheticCameraAccuracyTests {
    /// The camera's frames, after preprocessing, are MNIST-like enough for the trained model:
    /// a regression guard for the renderer's photometry (a too-strong light gradient once
    /// passed as ink and cost 40 points).
    @Test func trainedModelReadsCameraFrames() throws {
        let model = Repo.root + "/models/baseline_cnn.safetensors"
        let engine = try EagerModel(graph: try ModelFile.loadGraph(contentsOf: model)).makeContext()
        for (width, height, format) in [(96, 96, Image.Format.gray), (160, 120, .rgb)] {
            let camera = SyntheticCamera(
                digits: SyntheticCameraTests.digits,
                settings: .init(width: width, height: height, format: format), seed: 17)
            var correct = 0
            let frames = 40
            for k in 0..<frames {
                let frame = camera.render(frame: k)
                let input = Preprocessor().process(frame.image.converted(to: .gray))
                if try engine.predict(input.tensor).label == frame.label { correct += 1 }
            }
            #expect(correct >= 34, "\(width)x\(height): \(correct)/\(frames)")
        }
    }
}
