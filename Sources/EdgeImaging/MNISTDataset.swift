/// One split of the MNIST sample data: 28×28 gray digits and their labels.
///
/// Loaded from the standard IDX pair `<split>-images-idx3-ubyte` / `<split>-labels-idx1-ubyte`
/// (see samples/README.md for the project's 4000/1000 split).
public struct MNISTDataset: Sendable {
    /// Which pair of files to load.
    public enum Split: String, Sendable, CaseIterable {
        case train, test
    }

    /// Side of every image in pixels.
    public static let side = 28
    /// Pixels per image.
    public static let pixelsPerImage = side * side

    /// All images back to back, `count * 784` bytes, row-major, 0 = background, 255 = ink.
    public let pixels: [UInt8]
    /// One label (0–9) per image.
    public let labels: [UInt8]

    /// Number of digits.
    public var count: Int { labels.count }

    /// A data set from raw pixels and labels.
    /// - Precondition: `pixels.count == labels.count * 784`.
    public init(pixels: [UInt8], labels: [UInt8]) {
        precondition(
            pixels.count == labels.count * Self.pixelsPerImage,
            "\(pixels.count) pixels for \(labels.count) images of 28x28")
        self.pixels = pixels
        self.labels = labels
    }

    /// Loads one split from `directory` (e.g. `samples/mnist`).
    /// - Throws: `IDXError` naming the file: unreadable, wrong magic, truncated, an image shape
    ///   other than 28×28, image and label counts that differ, or a label above 9.
    public static func load(directory: String, split: Split) throws(IDXError) -> MNISTDataset {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        let imagesPath = base + "\(split.rawValue)-images-idx3-ubyte"
        let labelsPath = base + "\(split.rawValue)-labels-idx1-ubyte"
        let images = try IDXFile(contentsOf: imagesPath)
        let labels = try IDXFile(contentsOf: labelsPath)
        guard images.dimensions.count == 3, images.dimensions[1] == side, images.dimensions[2] == side else {
            throw IDXError(
                .countMismatch, path: imagesPath,
                message: "expected images of shape [N, 28, 28], found \(images.dimensions)")
        }
        guard labels.dimensions.count == 1 else {
            throw IDXError(
                .countMismatch, path: labelsPath, message: "expected labels of shape [N], found \(labels.dimensions)")
        }
        guard images.count == labels.count else {
            throw IDXError(
                .countMismatch, path: labelsPath,
                message: "\(labels.count) labels for \(images.count) images in \(imagesPath)")
        }
        if let index = labels.data.firstIndex(where: { $0 > 9 }) {
            throw IDXError(
                .badLabel, path: labelsPath, message: "label \(labels.data[index]) at index \(index) is not a digit 0-9"
            )
        }
        return MNISTDataset(pixels: images.data, labels: labels.data)
    }

    /// Image `index` as a 28×28 gray `Image`.
    public func image(at index: Int) -> Image {
        precondition(index >= 0 && index < count, "image \(index) out of range 0..<\(count)")
        let start = index * Self.pixelsPerImage
        return Image(
            width: Self.side, height: Self.side, format: .gray,
            pixels: Array(pixels[start..<start + Self.pixelsPerImage]))
    }

    /// Calls `body` with the 784 pixels of image `index`, without copying. The pointer must
    /// not escape `body`.
    public func withPixels<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        precondition(index >= 0 && index < count, "image \(index) out of range 0..<\(count)")
        return try pixels.withUnsafeBufferPointer { all in
            try body(
                UnsafeBufferPointer(rebasing: all[index * Self.pixelsPerImage..<(index + 1) * Self.pixelsPerImage]))
        }
    }

    /// Indices of each class (0–9), in split order; handy for stratified subsets.
    public func indicesByClass() -> [[Int]] {
        var result = [[Int]](repeating: [], count: 10)
        for (index, label) in labels.enumerated() { result[Int(label)].append(index) }
        return result
    }
}
