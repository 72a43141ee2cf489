import EdgeIO
import EdgeImaging
import Foundation

/// Replays the PNG files of a folder, sorted by name or in `labels.csv` order, `loop` times.
///
/// Labels come from `labels.csv` (``LabelsFile``'s rules) when present. Files that are not PNG (by
/// extension) are skipped with a note; unreadable ones become failed frames (`unreadable`),
/// corrupt ones fail in preprocess. File bytes are read on first use and kept for later loops,
/// so memory is bounded by the folder's size.
public struct FolderSource: FrameSource {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var label: Int?
    }

    /// Largest PNG file replayed (a 4096 × 4096 RGBA frame compresses far below this).
    static let maximumFileBytes = 256 << 20

    public let directory: String
    public let entries: [Entry]
    public let loop: Int
    public private(set) var notes: [String] = []
    private var cache: [[UInt8]?]
    private var position = 0

    /// Lists `config.path`.
    /// - Throws: ``SourceError`` when the folder cannot be listed, has no PNG files, or its
    ///   `labels.csv` is malformed.
    public init(config: FolderSourceConfig) throws(SourceError) {
        directory = config.path
        loop = config.loop
        let listing: FileSystem.Listing
        do {
            listing = try FileSystem.listDirectory(config.path)
        } catch {
            throw SourceError(path: config.path, problem: error.problem, key: "source.path")
        }
        let names = listing.names
        if !listing.undecodable.isEmpty {
            // A name that is not UTF-8 cannot be spelled in a log, a report or labels.csv.
            let shown =
                listing.undecodable.prefix(5).joined(separator: ", ") + (listing.undecodable.count > 5 ? ", ..." : "")
            notes.append(
                "\(config.path): skipped \(listing.undecodable.count) file(s) whose names are not UTF-8: \(shown)")
        }
        var pngs = names.filter { $0.lowercased().hasSuffix(".png") }.sorted()
        let skipped = names.filter { !$0.lowercased().hasSuffix(".png") && $0 != "labels.csv" && !$0.hasPrefix(".") }
            .sorted()
        if !skipped.isEmpty {
            let shown = skipped.prefix(5).joined(separator: ", ") + (skipped.count > 5 ? ", ..." : "")
            notes.append("\(config.path): skipped \(skipped.count) non-PNG file(s): \(shown)")
        }
        guard !pngs.isEmpty else {
            throw SourceError(path: config.path, problem: "no PNG files in the folder", key: "source.path")
        }

        let labels: LabelsFile?
        do {
            labels = try LabelsFile.load(directory: config.path, classCount: config.classCount)
        } catch {
            throw SourceError(path: error.path, problem: error.problem)
        }
        if config.order == .labels {
            guard let labels else {
                throw SourceError(
                    path: config.path + "/labels.csv", problem: "order: labels needs this file, and it is missing")
            }
            let present = Set(pngs)
            let listed = labels.entries.map(\.file).filter { present.contains($0) }
            let listedSet = Set(listed)
            pngs = listed + pngs.filter { !listedSet.contains($0) }
        }
        entries = pngs.map { Entry(name: $0, label: labels?.label(of: $0)) }
        cache = Array(repeating: nil, count: entries.count)
    }

    public mutating func next(id: Int) -> SourceDelivery? {
        guard position / entries.count < loop else { return nil }  // no overflow for huge `loop`
        let index = position % entries.count
        position += 1
        let entry = entries[index]
        let info = FrameInfo(id: id, source: entry.name, label: entry.label)
        if cache[index] == nil {
            let path = directory + "/" + entry.name
            do {
                cache[index] = try FileSystem.read(path, limit: Self.maximumFileBytes)
            } catch {
                let failed = FinishedFrame(
                    info: info, outcome: .failed(reason: "unreadable", detail: error.description))
                return SourceDelivery(result: .finished(failed), pixelCount: 0)
            }
        }
        let bytes = cache[index]!
        return SourceDelivery(
            result: .next(SourceFrame(info: info, payload: .png(bytes))),
            pixelCount: Self.pixelCount(png: bytes))
    }

    /// Width × height from the IHDR chunk (0 if the header is not there), at most
    /// `PNGDecodeOptions.defaultMaxPixels`: a bigger frame fails in preprocess as too large, and
    /// the virtual clock's per-megapixel costs stay within its nanosecond arithmetic.
    package static func pixelCount(png bytes: [UInt8]) -> Int {
        guard bytes.count >= 24 else { return 0 }
        func be32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        let limit = PNGDecodeOptions.defaultMaxPixels
        let (width, height) = (be32(16), be32(20))
        // Each side is below 2^32, so a side over the limit is the only way to overflow.
        guard width <= limit, height <= limit else { return width == 0 || height == 0 ? 0 : limit }
        return min(width * height, limit)
    }
}
