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

    public init(path: String, order: Order = .name, loop: Int = 1, rate: FrameRate = .max) {
        self.path = path
        self.order = order
        self.loop = loop
        self.rate = rate
    }
}
