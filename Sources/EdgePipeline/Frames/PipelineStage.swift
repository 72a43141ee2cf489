/// The four stages a frame passes through, in order.
public enum PipelineStage: Int, Sendable, CaseIterable, Comparable {
    case source, preprocess, inference, sink

    /// Name used in logs, reports and configs.
    public var name: String {
        switch self {
        case .source: "source"
        case .preprocess: "preprocess"
        case .inference: "inference"
        case .sink: "sink"
        }
    }

    public static func < (a: PipelineStage, b: PipelineStage) -> Bool { a.rawValue < b.rawValue }
}
