import Foundation
import Testing

@testable import EdgePipeline

@Suite struct PipelineRunTests {
    private func folderConfig(_ dir: String, logs: String?, loop: Int = 1) -> PipelineConfig {
        var c = PipelineConfig(
            name: "test-folder", source: .folder(FolderSourceConfig(path: dir, order: .labels, loop: loop)))
        c.sink.logDirectory = logs
        c.sink.warmupFrames = 2
        c.sink.logBatch = 5
        return c
    }

    private let metadata = RunMetadata(variant: .eager, modelSHA256: String(repeating: "0", count: 64), kernels: "test")

    @Test func folderRunAccountsForEveryFrameAndWritesTheSchema() async throws {
        let (dir, names) = makeDigitFolder("e2e")
        defer { removeTempDirectory(dir) }
        let logs = dir + "/logs"
        let trace = dir + "/trace.json"
        var config = folderConfig(dir, logs: logs, loop: 2)
        config.inference.workers = 2
        let result = try await Pipeline(config: config, factory: CentroidFactory(), options: .init(traceFile: trace))
            .run()
        let c = result.counts
        #expect(c.produced == names.count * 2)
        #expect(c.balances)
        #expect(c.failedByReason == ["truncated": 2, "empty_frame": 2])
        #expect(c.predicted == (names.count - 2) * 2)
        #expect(c.dropped == 0)
        #expect((c.accuracy ?? 0) > 0.5)
        #expect(
            result.endToEnd.count == c.predicted - 2 || result.endToEnd.count == c.predicted - 1
                || result.endToEnd.count == c.predicted)

        // Per-frame logs: one line per frame, in frame-id order, with the documented fields.
        let lines = try String(contentsOfFile: logs + "/edge_log.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == c.produced)
        for (i, line) in lines.enumerated() {
            let object = try #require(parseJSON(String(line)) as? [String: Any])
            #expect(object["frame"] as? Int == i)
            for key in [
                "source", "label", "prediction", "confidence", "outcome", "reason", "source_service_us",
                "source_wait_us", "preprocess_service_us", "preprocess_wait_us", "inference_service_us",
                "inference_wait_us", "sink_service_us", "sink_wait_us", "e2e_us",
            ] {
                #expect(object.keys.contains(key), "missing \(key)")
            }
        }
        let first = try #require(parseJSON(String(lines[0])) as? [String: Any])
        #expect(first["source"] as? String == "zz_truncated_3.png")  // labels.csv order: reversed
        #expect(first["outcome"] as? String == "failed" && first["reason"] as? String == "truncated")
        let text = try String(contentsOfFile: logs + "/edge_log.txt", encoding: .utf8).split(separator: "\n")
        #expect(text.count == c.produced)
        #expect(text[1].contains("#1 zz_blank_1.png label=1 FAILED empty_frame"))

        // The report: DESIGN.md's schema.
        let report = try #require(
            parseJSON(result.report(config: config, metadata: metadata).serialized(pretty: true)) as? [String: Any])
        let keys = [
            "schema_version", "pipeline", "variant", "model_sha256", "kernels", "build", "started_at", "wall_s",
            "produced", "predicted", "failed", "dropped", "warmup_frames", "failed_by_reason", "dropped_by_stage",
            "accuracy", "throughput_per_s", "stages", "end_to_end", "pipeline_overhead", "source_pacing", "interrupted",
            "config", "classes",
        ]
        #expect(Set(report.keys) == Set(keys))
        #expect(report["schema_version"] as? Int == 1)
        #expect(report["source_pacing"] is NSNull, "rate: max has no schedule to keep")
        #expect(report["produced"] as? Int == c.produced)
        #expect((report["failed_by_reason"] as? [String: Int]) == ["truncated": 2, "empty_frame": 2])
        let stages = try #require(report["stages"] as? [String: [String: [String: Double]]])
        #expect(Set(stages.keys) == ["source", "preprocess", "inference", "sink"])
        let statKeys: Set = ["mean_us", "min_us", "p50_us", "p90_us", "p99_us", "p999_us", "max_us"]
        for (_, stage) in stages {
            #expect(Set(stage.keys) == ["service", "queue_wait"])
            #expect(Set(stage["service"]!.keys) == statKeys)
        }
        let e2e = try #require(report["end_to_end"] as? [String: Any])
        #expect(Set(e2e.keys) == statKeys.union(["histogram"]))
        let histogram = try #require(e2e["histogram"] as? [[Double]])
        #expect(Int(histogram.reduce(0) { $0 + $1[1] }) == result.endToEnd.count)

        // The trace: valid JSON with one event per stage a frame went through.
        let traceDoc = try #require(parseJSON(try String(contentsOfFile: trace, encoding: .utf8)) as? [String: Any])
        let events = try #require(traceDoc["traceEvents"] as? [[String: Any]])
        #expect(
            events.filter { $0["ph"] as? String == "X" && $0["name"] as? String == "inference" }.count == c.predicted)
    }

    @Test func engineErrorsFailFramesWithoutStoppingTheRun() async throws {
        let (dir, names) = makeDigitFolder("engine-errors", count: 9)
        defer { removeTempDirectory(dir) }
        let result = try await Pipeline(config: folderConfig(dir, logs: nil), factory: CentroidFactory(failEvery: 3))
            .run()
        #expect(result.counts.balances)
        #expect(result.counts.failedByReason["inference_error"] == 3)
        #expect(result.counts.produced == names.count)
    }

    @Test func dropPoliciesBalanceUnderPressure() async throws {
        let (dir, _) = makeDigitFolder("drops", count: 10)
        defer { removeTempDirectory(dir) }
        for policy in [QueuePolicy.dropOldest, .dropNewest] {
            var config = folderConfig(dir, logs: nil, loop: 5)
            config.queues.preprocess = QueueConfig(capacity: 1, policy: policy)
            config.queues.inference = QueueConfig(capacity: 1, policy: policy)
            let result = try await Pipeline(config: config, factory: CentroidFactory()).run()
            #expect(result.counts.balances)
            #expect(result.counts.produced == 60)
        }
    }

    @Test func frameLimitAndStopEndTheSourceEarly() async throws {
        let (dir, _) = makeDigitFolder("limits", count: 4)
        defer { removeTempDirectory(dir) }
        var config = folderConfig(dir, logs: nil, loop: 100)
        config.limits.frames = 7
        var result = try await Pipeline(config: config, factory: CentroidFactory()).run()
        #expect(result.counts.produced == 7 && result.counts.balances)
        config.limits.frames = nil
        let stop = StopSignal()
        stop.stop()
        result = try await Pipeline(config: config, factory: CentroidFactory(), options: .init(stop: stop)).run()
        #expect(result.counts.produced == 0 && result.counts.balances && result.interrupted)
    }

    @Test func virtualClockRunsAreIdenticalForTheSameSeed() async throws {
        func run(_ tag: String) async throws -> (String, RunResult) {
            var camera = CameraSourceConfig()
            camera.settings.width = 40
            camera.settings.height = 40
            camera.seed = 21
            camera.frames = 60
            camera.rate = .fps(4000)
            camera.faults.drop = 0.05
            camera.faults.corrupt = 0.05
            camera.faults.stall = 0.05
            camera.faults.stallMs = 1
            var config = PipelineConfig(name: "virtual", source: .syntheticCamera(camera), clock: .virtual)
            config.queues.inference = QueueConfig(capacity: 2, policy: .dropOldest)
            config.inference.workers = 2
            config.sink.warmupFrames = 0
            let logs = makeTempDirectory("virtual-\(tag)")
            defer { removeTempDirectory(logs) }
            config.sink.logDirectory = logs
            let result = try await Pipeline(config: config, factory: CentroidFactory()).run()
            return (try String(contentsOfFile: logs + "/edge_log.jsonl", encoding: .utf8), result)
        }
        let (a, ra) = try await run("a")
        let (b, rb) = try await run("b")
        #expect(a == b)
        #expect(ra.counts == rb.counts)
        #expect(ra.counts.balances && ra.counts.produced == 60)
        #expect(ra.counts.droppedByStage["source"] ?? 0 > 0)
        #expect(ra.counts.droppedByStage["inference"] ?? 0 > 0)  // 4000 fps into 2 x 400 us workers
        #expect(ra.endToEnd.summary == rb.endToEnd.summary)
    }

    @Test func setupErrorsAreOneLine() async {
        let config = PipelineConfig(name: "x", source: .folder(FolderSourceConfig(path: "/nonexistent/frames")))
        await #expect(
            throws: PipelineError(
                file: "/nonexistent/frames", problem: "cannot list the folder: No such file or directory")
        ) {
            try await Pipeline(config: config, factory: CentroidFactory()).run()
        }
        // Loaded from a file, the error names the file and the key first.
        var fromFile = config
        fromFile.file = "pipelines/x.yaml"
        await #expect(
            throws: PipelineError(
                file: "pipelines/x.yaml",
                problem: "source.path: /nonexistent/frames: cannot list the folder: No such file or directory")
        ) {
            try await Pipeline(config: fromFile, factory: CentroidFactory()).run()
        }
    }
}

@Suite struct VirtualClockTests {
    /// A virtual run is a queueing model: with a 100 us bottleneck and backpressure, the
    /// steady state delivers exactly one frame per 100 virtual microseconds.
    @Test func bottleneckSetsThroughputAndServiceTimesComeFromTheModel() async throws {
        let (dir, _) = makeDigitFolder("virtual-model", count: 10)
        defer { removeTempDirectory(dir) }
        var config = PipelineConfig(
            name: "model", source: .folder(FolderSourceConfig(path: dir, loop: 20)), clock: .virtual)
        config.costModel = CostModel()
        config.costModel.sourceUs = 10
        config.costModel.sourcePerMegapixelUs = 0
        config.costModel.preprocessUs = 20
        config.costModel.preprocessPerMegapixelUs = 0
        config.costModel.inferenceUs = 100
        config.costModel.sinkUs = 5
        config.queues.preprocess = QueueConfig(capacity: 2, policy: .block)
        config.queues.inference = QueueConfig(capacity: 2, policy: .block)
        config.sink.logDirectory = nil
        config.sink.warmupFrames = 20
        let result = try await Pipeline(config: config, factory: CentroidFactory()).run()
        #expect(result.counts.balances && result.counts.produced == 240)
        #expect(result.counts.failedByReason == ["truncated": 20, "empty_frame": 20])
        #expect(result.service[PipelineStage.inference.rawValue].summary.p50Us == 100)
        // The histogram keeps 3 significant digits.
        #expect(abs(result.service[PipelineStage.preprocess.rawValue].summary.maxUs - 20) < 0.05)
        // 200 predicted frames, 180 after warm-up, one per 100 us once the pipe is full.
        #expect(abs(result.throughputPerSecond - 10_000) < 700)
        // Backpressure, no drops: the source is held back, so it never runs ahead by more than
        // the queues and the stages in between can hold.
        #expect(result.counts.dropped == 0)
        #expect(result.wait[PipelineStage.inference.rawValue].summary.maxUs <= 6 * 100)
    }
}
