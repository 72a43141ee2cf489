import EdgeIO
import EdgeImaging
import EdgeTensor

/// The images `edge quantize` calibrates on, preprocessed as the device does (the model's
/// ``EdgeImaging/Preprocess``; digit mode, `(p/255 − 0.1307)/0.3081`, for DigitCNN): by default a seeded stratified draw from the train split of
/// `samples/mnist` (the splits are sorted by label, so "the first N" would be one class).
public enum CalibrationSet {
    /// The folder read when `--calibration` is not given.
    public static let defaultDirectory = "samples/mnist"
    public static let defaultCount = 200
    public static let defaultSeed: UInt64 = 14

    /// `count` preprocessed inputs from `directory`: an MNIST IDX folder (its train split,
    /// `count / 10` per class, the remainder to the lowest classes, each class drawn by a seeded
    /// shuffle) or a folder of PNGs (a seeded draw of `count`, in name order when all are used).
    /// - Throws: ``DeploymentError`` naming the folder or file: missing, no images, fewer than
    ///   `count`, or an image that does not decode.
    /// - Parameter preprocess: how each image becomes an input (the model's preprocessing).
    public static func load(
        directory: String, count: Int, seed: UInt64, preprocess: Preprocess = .digit
    ) throws(DeploymentError) -> [Tensor<Float>] {
        guard count > 0 else { throw DeploymentError("\(directory): --count must be positive, got \(count)") }
        guard FileSystem.kind(of: directory) == .directory else {
            throw DeploymentError("\(directory): not a directory")
        }
        var generator = SplitMix64(seed: seed)
        if FileSystem.kind(of: directory + "/train-images-idx3-ubyte") != nil {
            let data: MNISTDataset
            do { data = try MNISTDataset.load(directory: directory, split: .train) } catch {
                throw DeploymentError(error.description)
            }
            guard count <= data.count else {
                throw DeploymentError("\(directory): --count \(count) exceeds the \(data.count) train images")
            }
            var chosen: [Int] = []
            let classes = data.indicesByClass()
            for (label, indices) in classes.enumerated() {
                let want = count / classes.count + (label < count % classes.count ? 1 : 0)
                guard want <= indices.count else {
                    throw DeploymentError(
                        "\(directory): class \(label) has \(indices.count) train images, \(want) needed")
                }
                chosen += shuffled(indices, &generator).prefix(want)
            }
            return chosen.map { preprocess.prepare(data.image(at: $0)).tensor }
        }
        let names: [String]
        do { names = try FileSystem.listDirectory(directory).names.filter { $0.hasSuffix(".png") }.sorted() } catch {
            throw DeploymentError(error.description)
        }
        guard !names.isEmpty else {
            throw DeploymentError("\(directory): neither an MNIST IDX folder (train-images-idx3-ubyte) nor PNGs")
        }
        guard count <= names.count else {
            throw DeploymentError("\(directory): --count \(count) exceeds the \(names.count) PNG images")
        }
        var inputs: [Tensor<Float>] = []
        for name in count == names.count ? names : Array(shuffled(names, &generator).prefix(count)) {
            do {
                let image = try PNGCodec.decode(contentsOf: directory + "/" + name, to: preprocess.channels.format)
                inputs.append(preprocess.prepare(image).tensor)
            } catch {
                throw DeploymentError(error.description)
            }
        }
        return inputs
    }

    /// Fisher–Yates with the one seeded generator.
    static func shuffled<T>(_ items: [T], _ generator: inout SplitMix64) -> [T] {
        var items = items
        guard items.count > 1 else { return items }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            let j = Int(generator.next() % UInt64(i + 1))
            items.swapAt(i, j)
        }
        return items
    }
}
