/// Why a PNG could not be read or written, with the file it concerns.
///
/// `description` is one line, `"<path>: <problem>: <detail>"`, where the detail is libpng's own
/// message when libpng found the problem. `reason` is a short stable tag for logs and reports.
public struct PNGError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kinds of failure, one per way a PNG goes wrong.
    public enum Kind: Sendable, Equatable, CaseIterable {
        /// Zero bytes.
        case empty
        /// The 8-byte PNG signature does not match.
        case notPNG
        /// The data ends before the image does.
        case truncated
        /// A critical chunk's CRC does not match its content.
        case badCRC
        /// The zlib stream of the image data is damaged or has the wrong length.
        case badCompression
        /// Any other malformed content (invalid IHDR, bad palette, bad chunk).
        case invalid
        /// Width × height is above `PNGDecodeOptions.maxPixels`; refused before allocating.
        case tooLarge
        /// An allocation failed.
        case outOfMemory
        /// The file could not be opened or read.
        case unreadable
        /// The file could not be created or written.
        case unwritable
        /// The image handed to the encoder cannot be stored (size, layout or bit depth).
        case invalidImage
    }

    /// What went wrong.
    public let kind: Kind
    /// The file (or `"<memory>"`) concerned.
    public let path: String
    /// The detail: libpng's message, an OS error, or the check that failed. One line.
    public let message: String

    public init(_ kind: Kind, path: String, message: String) {
        self.kind = kind
        self.path = path
        self.message = message.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// A short machine tag: `empty_file`, `not_png`, `truncated`, `corrupt_png` (bad CRC, bad
    /// zlib data, invalid content), `too_large`, `out_of_memory`, `unreadable`, `unwritable`,
    /// `invalid_image`.
    public var reason: String {
        switch kind {
        case .empty: "empty_file"
        case .notPNG: "not_png"
        case .truncated: "truncated"
        case .badCRC, .badCompression, .invalid: "corrupt_png"
        case .tooLarge: "too_large"
        case .outOfMemory: "out_of_memory"
        case .unreadable: "unreadable"
        case .unwritable: "unwritable"
        case .invalidImage: "invalid_image"
        }
    }

    /// A few words naming the problem, used as the middle of `description`.
    public var summary: String {
        switch kind {
        case .empty: "empty file"
        case .notPNG: "not a PNG file"
        case .truncated: "truncated PNG"
        case .badCRC: "corrupt PNG (bad CRC)"
        case .badCompression: "corrupt PNG (bad zlib data)"
        case .invalid: "corrupt PNG"
        case .tooLarge: "image too large"
        case .outOfMemory: "out of memory"
        case .unreadable: "cannot read file"
        case .unwritable: "cannot write file"
        case .invalidImage: "cannot encode image"
        }
    }

    /// One line: `"<path>: <summary>: <message>"` (line breaks in the path are escaped).
    public var description: String {
        let shownPath =
            path.contains(where: \.isNewline) ? path.split(whereSeparator: \.isNewline).joined(separator: "\\n") : path
        return "\(shownPath): \(summary): \(message)"
    }
}
