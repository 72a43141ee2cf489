import EdgeIO

extension PipelineConfig {
    /// The config as loaded (defaults and command-line overrides applied), in the YAML's key
    /// names, for the run report.
    public var jsonValue: JSONValue {
        var source: [(String, JSONValue)] = [("type", .string(self.source.typeName))]
        switch self.source {
        case .folder(let f):
            source += [
                ("path", .string(f.path)), ("order", .string(f.order.rawValue)),
                ("loop", .int(f.loop)), ("rate", Self.json(f.rate)),
            ]
        case .syntheticCamera(let c):
            source += [
                ("seed", .uint(c.seed)), ("width", .int(c.settings.width)), ("height", .int(c.settings.height)),
                ("color", .string(CameraSourceConfig.Color(c.settings.format).rawValue)), ("digits", .string(c.digits)),
                ("rate", Self.json(c.rate)), ("frames", c.frames.map(JSONValue.int) ?? .null),
                (
                    "scene",
                    .object([
                        (
                            "scale",
                            .array([.double(c.settings.scale.lowerBound), .double(c.settings.scale.upperBound)])
                        ),
                        ("rotation_degrees", .double(c.settings.rotationDegrees)),
                        ("illumination", .double(c.settings.illumination)), ("noise", .double(c.settings.noise)),
                        ("blur", .double(c.settings.blur)), ("exposure_drift", .double(c.settings.exposureDrift)),
                        ("dark_on_light", .bool(c.settings.darkOnLight)),
                    ])
                ),
                (
                    "faults",
                    .object([
                        ("drop", .double(c.faults.drop)), ("corrupt", .double(c.faults.corrupt)),
                        ("stall", .double(c.faults.stall)), ("stall_ms", .double(c.faults.stallMs)),
                    ])
                ),
            ]
        }
        source.append(("clock", .string(clock.rawValue)))
        func queue(_ q: QueueConfig) -> JSONValue {
            .object([("capacity", .int(q.capacity)), ("policy", .string(q.policy.rawValue))])
        }
        return .object([
            ("name", .string(name)),
            ("source", .object(source)),
            (
                "preprocess",
                .object(
                    [("batch", .int(preprocess.batch))]
                        + (preprocess.spec.map { spec in
                            guard case .object(let pairs) = spec.jsonValue else { return [] }
                            return pairs
                        } ?? []))
            ),
            (
                "inference",
                .object([
                    ("variant", .string(inference.variant.rawValue)),
                    ("model", inference.model.map(JSONValue.string) ?? .null),
                    ("workers", .int(inference.workers)), ("batch", .int(inference.batch)),
                ])
            ),
            (
                "queues",
                .object([
                    ("preprocess", queue(queues.preprocess)), ("inference", queue(queues.inference)),
                ])
            ),
            (
                "sink",
                .object([
                    ("log", sink.logDirectory.map(JSONValue.string) ?? .bool(false)),
                    ("warmup_frames", .int(sink.warmupFrames)), ("log_batch", .int(sink.logBatch)),
                ])
            ),
            (
                "cost_model",
                .object([
                    ("source_us", .double(costModel.sourceUs)), ("preprocess_us", .double(costModel.preprocessUs)),
                    ("inference_us", .double(costModel.inferenceUs)), ("sink_us", .double(costModel.sinkUs)),
                    ("source_per_megapixel_us", .double(costModel.sourcePerMegapixelUs)),
                    ("preprocess_per_megapixel_us", .double(costModel.preprocessPerMegapixelUs)),
                ])
            ),
            (
                "limits",
                .object([
                    ("frames", limits.frames.map(JSONValue.int) ?? .null),
                    ("seconds", limits.seconds.map(JSONValue.double) ?? .null),
                ])
            ),
        ])
    }

    private static func json(_ rate: FrameRate) -> JSONValue {
        switch rate {
        case .max: .string("max")
        case .fps(let fps): .double(fps)
        }
    }
}
