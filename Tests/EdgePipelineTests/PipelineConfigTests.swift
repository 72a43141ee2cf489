import Testing

@testable import EdgePipeline

@Suite struct PipelineConfigTests {
    private func parse(_ yaml: String) throws(PipelineConfigError) -> PipelineConfig {
        try PipelineConfig.parse(yaml: yaml, file: "p.yaml", defaultName: "p")
    }

    private func error(_ yaml: String) -> PipelineConfigError? {
        do {
            _ = try parse(yaml)
            return nil
        } catch { return error }
    }

    @Test func fullFolderConfigDecodes() throws {
        let c = try parse(
            """
            name: replay
            source: {type: folder, path: samples/digits, order: labels, loop: 3, rate: 250}
            inference: {variant: eager, workers: 2}
            queues:
              inference: {capacity: 4, policy: dropOldest}
            sink: {warmup_frames: 5, log: false}
            limits: {frames: 100}
            """)
        #expect(c.name == "replay")
        guard case .folder(let f) = c.source else {
            Issue.record("folder expected")
            return
        }
        #expect(f.path == "samples/digits" && f.order == .labels && f.loop == 3 && f.rate == .fps(250))
        #expect(c.inference.workers == 2)
        #expect(c.queues.inference == QueueConfig(capacity: 4, policy: .dropOldest))
        #expect(c.queues.preprocess == QueueConfig(capacity: 32, policy: .block))
        #expect(c.sink.logDirectory == nil && c.sink.warmupFrames == 5)
        #expect(c.limits.frames == 100)
    }

    @Test func cameraConfigDecodes() throws {
        let c = try parse(
            """
            source:
              type: synthetic-camera
              seed: 9
              width: 320
              height: 240
              color: rgb
              clock: virtual
              faults: {drop: 0.1, corrupt: 0.05, stall: 0.01, stall_ms: 20}
              scene: {scale: [0.5, 0.6], noise: 2}
            """)
        guard case .syntheticCamera(let cam) = c.source else {
            Issue.record("camera expected")
            return
        }
        #expect(cam.seed == 9 && cam.settings.width == 320 && cam.settings.height == 240 && cam.settings.format == .rgb)
        #expect(cam.faults.drop == 0.1 && cam.faults.stallMs == 20)
        #expect(cam.settings.scale == 0.5...0.6 && cam.settings.noise == 2)
        #expect(c.clock == .virtual)
        #expect(c.name == "p")
    }

    @Test func unknownKeyIsNamedWithItsPath() {
        let e = error(
            """
            source: {type: folder, path: x}
            queues:
              inference: {capacity: 4, polcy: block}
            """)
        #expect(e?.keyPath == "queues.inference.polcy")
        #expect(e?.line == 3)
        #expect(e?.description.hasPrefix("p.yaml:3: queues.inference.polcy: unknown key") == true)
    }

    @Test func wrongTypeIsNamed() {
        let e = error("source: {type: folder, path: x}\ninference: {workers: two}\n")
        #expect(e?.keyPath == "inference.workers")
        #expect(e?.problem == "expected an integer, got the string 'two'")
    }

    @Test func yamlErrorsSayWhatAndWhere() throws {
        let duplicate = error("source: {type: folder, path: x}\nsink:\n  warmup_frames: 3\n  warmup_frames: 4\n")
        #expect(
            duplicate?.description
                == "p.yaml:3: key 'warmup_frames' appears twice in the mapping that starts on this line")
        let alias = error("source: *nothing\n")
        #expect(alias?.description == "p.yaml:1: not valid YAML: found undefined alias")
        let unclosed = error("source: {type: folder, path: x\n")
        #expect(
            unclosed?.line == 2 && unclosed?.problem.hasPrefix("not valid YAML: while parsing a flow mapping") == true)
        // Anchors and aliases where a value is expected are plain YAML and work.
        let shared = try parse(
            "source: {type: folder, path: x}\nqueues:\n  preprocess: &q {capacity: 3, policy: block}\n  inference: *q\n"
        )
        #expect(shared.queues.inference.capacity == 3 && shared.queues.preprocess.capacity == 3)
    }

    @Test func valuesMustHaveTheirYAMLType() {
        // A quoted number is a string; a bare true is a boolean: neither is silently converted.
        let quoted = error("source: {type: folder, path: x}\ninference: {workers: \"2\"}\n")
        #expect(quoted?.keyPath == "inference.workers" && quoted?.problem == "expected an integer, got the string '2'")
        let boolean = error("source: {type: folder, path: x}\nsink: {log: true}\n")
        #expect(boolean?.keyPath == "sink.log")
        #expect(boolean?.problem == "expected a string, got the boolean 'true'; quote it if you mean the text")
        let rate = error("source: {type: folder, path: x, rate: '30'}")
        #expect(rate?.keyPath == "source.rate")
        let flag = error("source: {type: synthetic-camera, scene: {dark_on_light: 'yes'}}")
        #expect(flag?.problem == "expected true or false, got the string 'yes'")
        #expect(
            error("source: {type: folder, path: '123'}\nname: 2024\n") == nil,
            "numbers and quoted text are fine as strings")
    }

    @Test func impossibleValuesAreNamed() {
        #expect(
            error("source: {type: folder, path: x}\nqueues: {preprocess: {capacity: 0}}")?.keyPath
                == "queues.preprocess.capacity")
        #expect(error("source: {type: folder, path: x, rate: -5}")?.keyPath == "source.rate")
        #expect(error("source: {type: folder, path: x, rate: fast}")?.keyPath == "source.rate")
        #expect(error("source: {type: folder, path: x, rate: 1e-300}")?.keyPath == "source.rate")
        #expect(
            error("source: {type: folder, path: x}\nqueues: {sink: {policy: dropNewest}}")?.keyPath == "queues.sink")
        #expect(
            error("source: {type: folder, path: x}\ninference: {variant: turbo}")?.problem
                == "'turbo' is not one of: eager, frozen, quantized")
        #expect(error("source: {type: synthetic-camera, faults: {drop: 1.5}}")?.keyPath == "source.faults.drop")
        #expect(error("source: {type: synthetic-camera, scene: {scale: [0.9, 0.2]}}")?.keyPath == "source.scene.scale")
        #expect(error("source: {type: webcam}")?.keyPath == "source.type")
    }

    @Test func missingAndMalformedDocuments() {
        #expect(error("source: {type: folder}")?.keyPath == "source.path")
        #expect(error("name: x")?.keyPath == "source")
        #expect(error("")?.problem == "the file is empty")
        #expect(
            error("source: [unclosed")?.problem
                == "not valid YAML: while parsing a flow sequence, did not find expected ',' or ']'")
        #expect(error("- a\n- b")?.problem == "expected a mapping of keys, got a list")
    }

    @Test func loadNamesTheMissingFile() {
        do {
            _ = try PipelineConfig.load(contentsOf: "/nonexistent/p.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "/nonexistent/p.yaml: cannot open: No such file or directory")
        }
    }

    @Test func configRoundTripsToJSON() throws {
        let c = try parse("source: {type: folder, path: d, rate: 30}")
        let json = c.jsonValue.serialized()
        #expect(
            json.contains(
                "\"source\":{\"type\":\"folder\",\"path\":\"d\",\"order\":\"name\",\"loop\":1,\"rate\":30,\"clock\":\"real\"}"
            ))
    }
}
