import EdgeImaging
import EdgeRuntime
import Testing

@testable import EdgePipeline

/// The `preprocess:` keys, `--preprocess` files and `edge.preprocess` / `edge.classes` text.
@Suite("preprocessing as data")
struct PreprocessConfigTests {
    private func problem(_ body: () throws(PipelineConfigError) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch { return error.description }
    }

    @Test("a pipeline's preprocess: section carries the keys; none means the model's")
    func pipelineSection() throws {
        let yaml = """
            source: {type: folder, path: x}
            preprocess:
              batch: 4
              mode: resize
              size: [32, 48]
              channels: rgb
              mean: [0.485, 0.456, 0.406]
              std: [0.229, 0.224, 0.225]
              resize: area
            """
        let config = try PipelineConfig.parse(yaml: yaml, file: "p.yaml")
        let spec = try #require(config.preprocess.spec)
        #expect(config.preprocess.batch == 4)
        #expect(spec.mode == .resize && spec.height == 32 && spec.width == 48 && spec.channels == .rgb)
        #expect(spec.mean == [0.485, 0.456, 0.406] && spec.std == [0.229, 0.224, 0.225] && spec.resize == .area)
        #expect(spec.inputShape == [1, 3, 32, 48])
        let plain = try PipelineConfig.parse(yaml: "source: {type: folder, path: x}\npreprocess: {batch: 2}", file: "p")
        #expect(plain.preprocess.spec == nil && plain.preprocessSpec == .digit)
    }

    @Test("malformed keys are one line naming the file, the key and the problem")
    func malformed() {
        func pipeline(_ section: String) -> String? {
            problem { () throws(PipelineConfigError) in
                _ = try PipelineConfig.parse(
                    yaml: "source: {type: folder, path: x}\npreprocess: \(section)", file: "p.yaml")
            }
        }
        #expect(pipeline("{mode: resize, size: [32]}") == "p.yaml:2: preprocess.size: expected [H, W]")
        #expect(
            pipeline("{mode: resize, size: [32, 32], channels: bgr}")
                == "p.yaml:2: preprocess.channels: 'bgr' is not one of: gray, rgb")
        #expect(
            pipeline("{mode: resize, size: [32, 32], channels: rgb, mean: [0.5]}")
                == "p.yaml:2: preprocess.mean: 1 value(s) for 3 rgb channel(s)")
        #expect(pipeline("{mode: resize, channels: rgb}")?.contains("preprocess.size: required key is missing") == true)
        #expect(pipeline("{size: [28, 28]}")?.hasPrefix("p.yaml: preprocess.mode: required key is missing") == true)
        #expect(pipeline("{mode: digit, normalize: true}")?.contains("preprocess.normalize: unknown key") == true)
        #expect(
            pipeline("{mode: digit, size: [32, 32]}")
                == "p.yaml:2: preprocess.size: digit mode makes [28, 28], got [32, 32]")
        #expect(
            problem { () throws(PipelineConfigError) in _ = try Preprocess.parse(yaml: "mode: [", file: "pre.yaml") }?
                .hasPrefix("pre.yaml:2: not valid YAML") == true)
        #expect(
            problem { () throws(PipelineConfigError) in _ = try Preprocess.load(contentsOf: "/nonexistent/pre.yaml") }?
                .hasPrefix("/nonexistent/pre.yaml: cannot open") == true)
    }

    @Test("edge.preprocess JSON round-trips; edge.classes is a JSON list; a classes file is lines or commas")
    func metadata() throws {
        let spec = try Preprocess(
            mode: .resize, height: 32, width: 32, channels: .rgb, mean: [0.485, 0.456, 0.406],
            std: [0.229, 0.224, 0.225], resize: .bilinear)
        #expect(
            spec.jsonText
                == #"{"mode":"resize","size":[32,32],"channels":"rgb","mean":[0.485,0.456,0.406],"std":[0.229,0.224,0.225],"resize":"bilinear"}"#
        )
        let description = ModelDescription(preprocess: spec, classes: ["cat", "dog \"big\""])
        let entries = Dictionary(uniqueKeysWithValues: description.metadata.map { ($0.key, $0.value) })
        #expect(entries["edge.classes"] == #"["cat","dog \"big\""]"#)
        #expect(try ModelDescription(metadata: entries, model: "m.onnx") == description)
        // YAML text is accepted too.
        let yaml = try ModelDescription(
            metadata: ["edge.preprocess": "mode: digit", "edge.classes": "[a, b]"], model: "m.onnx")
        #expect(yaml.preprocess == .digit && yaml.classes == ["a", "b"])
        #expect(
            problem { () throws(PipelineConfigError) in
                _ = try ModelDescription(metadata: ["edge.classes": "[a, a]"], model: "m.onnx")
            } == "m.onnx: edge.classes: class name 'a' appears twice")
        #expect(
            problem { () throws(PipelineConfigError) in
                _ = try ModelDescription(metadata: ["edge.preprocess": "{\"mode\": \"resize\"}"], model: "m.onnx")
            }?.hasPrefix("m.onnx: edge.preprocess: size: required key is missing") == true)
        #expect(
            try ModelDescription.classes(text: "T-shirt\n Trouser \n\nBag\n", file: "c") == [
                "T-shirt", "Trouser", "Bag",
            ])
        #expect(try ModelDescription.classes(text: "cat, dog,bird\n", file: "c") == ["cat", "dog", "bird"])
    }

    @Test("resolve: override over the model's over digit; no preprocessing or a shape mismatch names both")
    func resolve() throws {
        let rgb = ModelSignature(inputName: "x", inputShape: [1, 3, 32, 32], outputName: "y", classCount: 4)
        let digits = ModelSignature(inputName: "x", inputShape: [1, 1, 28, 28], outputName: "y", classCount: 10)
        let spec = try Preprocess(
            mode: .resize, height: 32, width: 32, channels: .rgb, mean: [0, 0, 0], std: [1, 1, 1])
        #expect(try FrameClassifier.resolve(nil, model: .init(), signature: digits, path: "d.onnx") == .digit)
        #expect(
            try FrameClassifier.resolve(nil, model: .init(preprocess: spec), signature: rgb, path: "m.onnx") == spec)
        func failure(_ body: () throws(PipelineError) -> Preprocess) -> String? {
            do {
                _ = try body()
                return nil
            } catch { return error.description }
        }
        let missing = failure { () throws(PipelineError) in
            try FrameClassifier.resolve(nil, model: .init(), signature: rgb, path: "m.onnx")
        }
        #expect(missing?.contains("m.onnx: the model's input 'x' is [1,3,32,32]") == true)
        #expect(missing?.contains("--preprocess FILE.yaml") == true)
        #expect(missing?.contains("edge model set-preprocess m.onnx") == true)
        let mismatch = failure { () throws(PipelineError) in
            try FrameClassifier.resolve(.digit, model: .init(preprocess: spec), signature: rgb, path: "m.onnx")
        }
        #expect(mismatch?.contains("is [1,3,32,32]") == true && mismatch?.contains("makes [1,1,28,28]") == true)
    }
}

@Suite("synthetic camera on any labelled image set")
struct CameraImagesTests {
    @Test("source.images names the IDX set (Fashion-MNIST renders like digits); images and digits together are refused")
    func imagesKey() throws {
        let config = try PipelineConfig.parse(
            yaml: "source: {type: synthetic-camera, images: samples/fashion, frames: 2}", file: "c.yaml")
        guard case .syntheticCamera(let camera) = config.source else {
            Issue.record("camera expected")
            return
        }
        #expect(camera.digits == "samples/fashion")
        var message = ""
        do {
            _ = try PipelineConfig.parse(
                yaml: "source: {type: synthetic-camera, images: a, digits: b}", file: "c.yaml")
        } catch { message = error.description }
        #expect(message == "c.yaml:1: source.images: give images or digits (the same key), not both")
        let fashion = Repo.root + "/samples/fashion"
        let source = try SyntheticCameraSource(
            config: {
                var c = camera
                c.digits = fashion
                return c
            }())
        #expect(source.camera.digits.count == 1000)
        // A PNG folder with labels.csv works the same: its pictures, in labels.csv order, at 28x28.
        var pngCamera = camera
        pngCamera.digits = fashion + "/images"
        let png = try SyntheticCameraSource(config: pngCamera)
        let labels = try #require(try LabelsFile.load(directory: fashion + "/images"))
        #expect(png.camera.digits.count == 200)
        #expect(png.camera.digits.labels.map(Int.init) == labels.entries.map(\.label))
        let idx = try MNISTDataset.load(directory: fashion, split: .test)
        // images/0000_7.png is test image 0, written unchanged: the same 784 pixels.
        #expect(png.camera.digits.image(at: 0) == idx.image(at: 0))
        var missing = pngCamera
        missing.digits = Repo.root + "/pipelines"
        message = ""
        do { _ = try SyntheticCameraSource(config: missing) } catch { message = error.description }
        #expect(message.hasSuffix("neither an IDX set (test-images-idx3-ubyte) nor a PNG folder with labels.csv"))
    }
}
