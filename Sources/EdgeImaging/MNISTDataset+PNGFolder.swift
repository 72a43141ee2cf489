import EdgeIO

extension MNISTDataset {
    /// A labelled PNG folder as a 28×28 data set (the synthetic camera's pictures): the files
    /// `labels.csv` lists, in its order, each decoded to gray (BT.601 luma, alpha over white)
    /// and stretched to 28×28 with the `area` filter when it is another size. Pictures are used
    /// as they are: like MNIST, the subject should be light on a dark background.
    /// - Throws: `IOError` naming the folder or file: no labels.csv, no rows, a label above
    ///   255, or a PNG that does not decode.
    public static func load(pngFolder directory: String) throws(IOError) -> MNISTDataset {
        guard let labels = try LabelsFile.load(directory: directory, classCount: 256) else {
            throw IOError(
                path: directory, problem: "neither an IDX set (test-images-idx3-ubyte) nor a PNG folder with labels.csv"
            )
        }
        var pixels: [UInt8] = []
        pixels.reserveCapacity(labels.entries.count * pixelsPerImage)
        for entry in labels.entries {
            let path = directory + "/" + entry.file
            let image: Image
            do {
                image = try PNGCodec.decode(contentsOf: path, to: .gray)
            } catch {
                throw IOError(path: path, problem: error.message)
            }
            pixels += ImageResize.resize(image, width: side, height: side, filter: .area).pixels
        }
        return MNISTDataset(pixels: pixels, labels: labels.entries.map { UInt8($0.label) })
    }
}
