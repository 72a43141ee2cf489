/// Where frames come from.
public enum SourceConfig: Sendable {
    case folder(FolderSourceConfig)
    case syntheticCamera(CameraSourceConfig)

    /// The `type` value in YAML.
    public var typeName: String {
        switch self {
        case .folder: "folder"
        case .syntheticCamera: "synthetic-camera"
        }
    }

    public var rate: FrameRate {
        switch self {
        case .folder(let f): f.rate
        case .syntheticCamera(let c): c.rate
        }
    }
}

/// How fast a source emits frames.
public enum FrameRate: Sendable, Equatable {
    /// As fast as the pipeline takes them.
    case max
    /// Paced at this many frames per second.
    case fps(Double)
}

/// Whether stage times come from the wall clock or from the cost model.
public enum ClockMode: String, Sendable, CaseIterable {
    case real, virtual
}
