import EdgeIO

extension RunResult {
    /// The `--report` document, schema version 1 (docs/report.md).
    public func report(config: PipelineConfig, metadata: RunMetadata) -> JSONValue {
        func stats(_ s: LatencyStats) -> JSONValue { .object(s.summary.jsonPairs) }
        var stages: [(String, JSONValue)] = []
        for stage in PipelineStage.allCases {
            stages.append(
                (
                    stage.name,
                    .object([
                        ("service", stats(service[stage.rawValue])),
                        ("queue_wait", stats(wait[stage.rawValue])),
                    ])
                ))
        }
        let histogram = JSONValue.array(endToEnd.buckets.map { .array([.double($0.upperUs), .int($0.count)]) })
        func counted(_ d: [String: Int]) -> JSONValue {
            .object(d.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })
        }
        return .object([
            ("schema_version", .int(1)),
            ("pipeline", .string(config.name)),
            ("variant", .string(metadata.variant.rawValue)),
            ("model_sha256", .string(metadata.modelSHA256)),
            ("kernels", .string(metadata.kernels)),
            ("build", .string(metadata.build)),
            ("started_at", .string(startedAt)),
            ("wall_s", .double(LatencySummary.round(wallSeconds))),
            ("produced", .int(counts.produced)),
            ("predicted", .int(counts.predicted)),
            ("failed", .int(counts.failed)),
            ("dropped", .int(counts.dropped)),
            ("warmup_frames", .int(warmupFrames)),
            ("failed_by_reason", counted(counts.failedByReason)),
            ("dropped_by_stage", counted(counts.droppedByStage)),
            ("classes", config.inference.classNames.map { .array($0.map(JSONValue.string)) } ?? .null),
            ("accuracy", counts.accuracy.map { .double(LatencySummary.round($0 * 1000) / 1000) } ?? .null),
            ("throughput_per_s", .double((throughputPerSecond * 10).rounded() / 10)),
            ("stages", .object(stages)),
            ("end_to_end", .object(endToEnd.summary.jsonPairs + [("histogram", histogram)])),
            ("pipeline_overhead", stats(overhead)),
            (
                "source_pacing",
                sourcePacing.map { pacing in
                    .object([
                        ("target_fps", .double(pacing.targetFPS)),
                        ("delivered_fps", .double(LatencySummary.round(pacing.deliveredFPS))),
                        ("late_frames", .int(pacing.lateFrames)),
                        ("max_lateness_us", .double(LatencySummary.round(pacing.maxLatenessUs))),
                    ])
                } ?? .null
            ),
            ("interrupted", .bool(interrupted)),
            ("config", config.jsonValue),
        ])
    }
}
