/// Replays PNG files from a folder.
public struct FolderSourceConfig: Sendable {
    /// File order.
    public enum Order: String, Sendable, CaseIterable {
        /// Sorted by file name.
        case name
        /// The row order of `labels.csv` (files not listed follow, sorted by name).
        case labels
    }
    public var path: String
    public var order: Order = .name
    /// How many times the folder is replayed (>= 1).
    public var loop: Int = 1
    public var rate: FrameRate = .max
    /// Labels in `labels.csv` must be in `0..<classCount`: the model's class count (set by the
    /// CLI from the model; 10 when the config is used alone).
    public var classCount: Int = 10

    public init(path: String, order: Order = .name, loop: Int = 1, rate: FrameRate = .max) {
        self.path = path
        self.order = order
        self.loop = loop
        self.rate = rate
    }
}
