import EdgeIO

extension Preprocess {
    /// The JSON text stored in a model's `edge.preprocess` metadata: `{"mode", "size": [H, W],
    /// "channels", "mean", "std", "resize"}` (keys as in the YAML, so the text is also valid YAML).
    public var jsonText: String { jsonValue.serialized() }

    /// The same object as a ``JSONValue`` (for reports).
    public var jsonValue: JSONValue {
        .object([
            ("mode", .string(mode.rawValue)), ("size", .array([.int(height), .int(width)])),
            ("channels", .string(channels.rawValue)),
            ("mean", .array(mean.map { .double(Double("\($0)") ?? Double($0)) })),
            ("std", .array(std.map { .double(Double("\($0)") ?? Double($0)) })),
            ("resize", .string(resize.rawValue)),
        ])
    }
}
