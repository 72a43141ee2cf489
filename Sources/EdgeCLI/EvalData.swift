import EdgeIO
import EdgeImaging

/// The labelled images `edge eval` classifies: the test split of an MNIST IDX folder, or the
/// PNGs a folder's `labels.csv` lists (in its order).
enum EvalData {
    case mnist(MNISTDataset, directory: String)
    case pngFolder(directory: String, labels: LabelsFile)

    /// Opens `directory`: IDX when it holds `test-images-idx3-ubyte`, else a PNG folder with a
    /// `labels.csv`.
    /// - Throws: a one-line error naming the folder or file when neither applies or loading fails.
    /// - Parameter classCount: the model's classes; labels.csv labels must be in `0..<classCount`.
    static func open(_ directory: String, classCount: Int) throws -> EvalData {
        guard FileSystem.kind(of: directory) == .directory else { throw CommandError("\(directory): not a directory") }
        if FileSystem.kind(of: directory + "/test-images-idx3-ubyte") != nil {
            return .mnist(try MNISTDataset.load(directory: directory, split: .test), directory: directory)
        }
        if let labels = try LabelsFile.load(directory: directory, classCount: classCount) {
            return .pngFolder(directory: directory, labels: labels)
        }
        throw CommandError(
            "\(directory): neither an MNIST IDX folder (test-images-idx3-ubyte) nor a PNG folder with labels.csv")
    }

    var count: Int {
        switch self {
        case .mnist(let data, _): data.count
        case .pngFolder(_, let labels): labels.entries.count
        }
    }

    /// Names image `index` in errors: its PNG path, or the IDX file and index.
    func name(at index: Int) -> String {
        switch self {
        case .mnist(_, let directory): "\(directory)/test-images-idx3-ubyte: image \(index)"
        case .pngFolder(let directory, let labels): directory + "/" + labels.entries[index].file
        }
    }

    /// Image `index` and its true label.
    /// - Throws: `PNGError` naming the file when a PNG cannot be decoded.
    func sample(at index: Int, format: Image.Format = .gray) throws -> (image: Image, label: Int) {
        switch self {
        case .mnist(let data, _):
            return (data.image(at: index), Int(data.labels[index]))
        case .pngFolder(let directory, let labels):
            let entry = labels.entries[index]
            return (try PNGCodec.decode(contentsOf: directory + "/" + entry.file, to: format), entry.label)
        }
    }
}
