import ArgumentParser
import EdgeIO
import EdgeImaging

/// `edge synth`: write synthetic camera frames as a replayable PNG folder.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write seeded synthetic camera frames as PNG files plus labels.csv."
    )

    @Option(parsing: .unconditional, help: "Number of frames.")
    var frames: Int

    @Option(help: "Output folder (created if missing; must be empty unless --force).")
    var out: String

    @Flag(
        help:
            "Use a folder that has files in it: earlier synth_*.png frames and labels.csv are replaced, other files kept."
    )
    var force = false

    @Option(parsing: .unconditional, help: "Random seed; the same seed writes the same bytes.")
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: "Frame width in pixels.")
    var width = SyntheticCamera.Settings().width

    @Option(parsing: .unconditional, help: "Frame height in pixels.")
    var height = SyntheticCamera.Settings().height

    @Flag(help: "RGB frames instead of gray.")
    var rgb = false

    @Flag(help: "Print what was written as JSON on stdout.")
    var json = false

    @Option(help: "Folder of the MNIST IDX files (test split supplies the digits).")
    var digits = "samples/mnist"

    func validate() throws {
        guard frames >= 1 else { throw ValidationError("--frames must be at least 1") }
        guard (28...4096).contains(width), (28...4096).contains(height) else {
            throw ValidationError("--width and --height must be 28...4096")
        }
    }

    func run() throws {
        let dataset: MNISTDataset
        do {
            dataset = try MNISTDataset.load(directory: digits, split: .test)
            try SyntheticCamera.prepareFolder(out, force: force)
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError("\(error)")
        }
        let camera = SyntheticCamera(
            digits: dataset, settings: .init(width: width, height: height, format: rgb ? .rgb : .gray), seed: seed)
        let names: [String]
        do {
            names = try camera.writeFrames(count: frames, to: out)
        } catch {
            throw CommandError(error.description)
        }
        if json {
            print(
                JSONValue.object([
                    ("out", .string(out)), ("frames", .int(frames)), ("width", .int(width)), ("height", .int(height)),
                    ("color", .string(rgb ? "rgb" : "gray")), ("seed", .uint(seed)),
                    ("labels", .string(out + "/labels.csv")),
                    ("files", .array(names.map(JSONValue.string))),
                ]).serialized())
            return
        }
        print(
            "wrote \(frames) frames (\(width)x\(height) \(rgb ? "RGB" : "gray"), seed \(seed)) and labels.csv to \(out)"
        )
    }
}
