import ArgumentParser
import EdgeIO
import EdgeImaging

/// `edge image info <png>`: header facts of a PNG, after checking that it decodes.
struct ImageInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a PNG's size, color type, bit depth and interlacing."
    )

    @Argument(help: "The PNG file.")
    var png: String

    @Flag(
        help: "Print one JSON object on stdout (\"transparency\": a tRNS chunk; \"alpha\": an alpha channel or tRNS).")
    var json = false

    func run() throws {
        let info = try PNGCodec.info(contentsOf: png)
        _ = try PNGCodec.decode(contentsOf: png)  // bad image data is an error here too, not just a bad header
        if json {
            print(
                JSONValue.object([
                    ("file", .string(png)), ("width", .int(info.width)), ("height", .int(info.height)),
                    ("color_type", .string(info.colorType.description)), ("bit_depth", .int(info.bitDepth)),
                    ("interlaced", .bool(info.interlaced)), ("transparency", .bool(info.hasTransparency)),
                    ("alpha", .bool(info.hasAlpha)), ("bytes", .int(info.byteCount)),
                ]).serialized())
        } else {
            print(
                """
                \(png)
                  size          \(info.width) x \(info.height)
                  color type    \(info.colorType)
                  bit depth     \(info.bitDepth)
                  interlace     \(info.interlaced ? "adam7" : "none")
                  transparency  \(info.hasTransparency ? "tRNS" : (info.hasAlpha ? "alpha channel" : "none"))
                  bytes         \(info.byteCount)
                """)
        }
    }
}
