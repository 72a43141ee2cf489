import EdgeIO
import EdgeImaging
import EdgePipeline
import EdgeRuntime
import EdgeTensor

/// The inputs every benchmarked variant runs on, in the same order: one contiguous buffer of
/// `count` tensors of the model's input shape.
public struct BenchInputs: Sendable {
    /// Where the tensors came from, for the report (`mnist-test`, `png-folder`, `random`).
    public let kind: String
    /// The folder read, or the seed for random tensors.
    public let source: String
    /// Shape of each tensor.
    public let shape: Shape
    /// All tensors back to back.
    public let values: [Float]

    public var count: Int { values.count / shape.elementCount }

    /// The default DigitCNN inputs (`[1,1,28,28]`, 10 classes): the 1000 test-split images.
    public static let mnistDirectory = "samples/mnist"

    /// The test split of the MNIST IDX folder `directory`, each image normalized as the model
    /// was trained, `(pixel/255 − 0.1307)/0.3081`, with no other preprocessing
    /// (`scripts/peers.py` makes the same tensors).
    /// - Throws: ``BenchError`` naming the file that is missing or malformed.
    public static func mnistTest(directory: String = mnistDirectory) throws(BenchError) -> BenchInputs {
        let data: MNISTDataset
        do {
            data = try MNISTDataset.load(directory: directory, split: .test)
        } catch {
            throw BenchError("\(error)")
        }
        guard data.count > 0 else { throw BenchError("\(directory): the test split is empty") }
        let options = PreprocessOptions()
        let values = data.pixels.map { (Float($0) / 255 - options.mean) / options.std }
        return BenchInputs(
            kind: "mnist-test", source: directory, shape: [1, 1, MNISTDataset.side, MNISTDataset.side],
            values: values)
    }

    /// `--data DIR`: an MNIST IDX folder (its test split, as ``mnistTest(directory:)``) or a
    /// folder of PNGs (sorted by name), each decoded and preprocessed with `preprocess` as `edge infer` does. A
    /// file that does not decode, or has no ink, is left out and named through `warn`.
    /// - Throws: ``BenchError`` when the folder cannot be read, holds no usable image, or its
    ///   inputs are not of `shape`.
    public static func folder(
        _ directory: String, shape: Shape, preprocess: Preprocess = .digit, warn: (String) -> Void
    ) throws(BenchError) -> BenchInputs {
        guard FileSystem.kind(of: directory) == .directory else { throw BenchError("\(directory): not a directory") }
        if FileSystem.kind(of: directory + "/test-images-idx3-ubyte") != nil {
            let inputs = try mnistTest(directory: directory)
            try inputs.check(shape: shape)
            return inputs
        }
        let names: [String]
        do {
            names = try FileSystem.listDirectory(directory).names.filter { $0.lowercased().hasSuffix(".png") }.sorted()
        } catch {
            throw BenchError(error.description)
        }
        let classifier = FrameClassifier(preprocess: preprocess)
        var values: [Float] = []
        var skipped = 0
        for name in names {
            let path = directory + "/" + name
            switch classifier.decode(contentsOf: path).flatMap({ classifier.prepare($0, name: path) }) {
            case .success(let tensor):
                guard tensor.shape == shape else {
                    throw BenchError(
                        "\(directory): the PNGs preprocess to \(tensor.shape), but the model takes \(shape); pass --data with inputs of the model's shape, or none for random ones"
                    )
                }
                values += tensor.scalars
            case .failure(let failure):
                skipped += 1
                warn("skipped \(failure.detail)")
            }
        }
        guard !values.isEmpty else {
            throw BenchError(
                "\(directory): no usable PNG (\(names.count) found, \(skipped) failed) and no test-images-idx3-ubyte")
        }
        return BenchInputs(kind: "png-folder", source: directory, shape: shape, values: values)
    }

    /// `count` tensors of `shape` with standard normal values from a seeded generator.
    public static func random(shape: Shape, count: Int = 1000, seed: UInt64 = 1) -> BenchInputs {
        var generator = SplitMix64(seed: seed)
        let values = (0..<(count * shape.elementCount)).map { _ in Float(generator.gaussian()) }
        return BenchInputs(kind: "random", source: "seed \(seed)", shape: shape, values: values)
    }

    /// The inputs for a model of `signature` when no `--data` is given: the MNIST test digits
    /// for a DigitCNN-shaped model (`[1,1,28,28]` in, 10 classes out) when `directory` holds
    /// them, else seeded random tensors of the model's input shape.
    public static func defaults(
        for signature: ModelSignature, directory: String = mnistDirectory, seed: UInt64 = 1
    ) throws(BenchError) -> BenchInputs {
        let digits = signature.inputShape == [1, 1, MNISTDataset.side, MNISTDataset.side] && signature.classCount == 10
        if digits, FileSystem.kind(of: directory + "/test-images-idx3-ubyte") != nil {
            return try mnistTest(directory: directory)
        }
        return random(shape: signature.inputShape, seed: seed)
    }

    /// Refuses inputs whose shape is not `shape`.
    public func check(shape: Shape) throws(BenchError) {
        guard self.shape == shape else {
            throw BenchError("\(source): inputs are \(self.shape), but the model takes \(shape)")
        }
    }

    /// Calls `body` with tensor `index` (wrapping around).
    @inline(__always)
    func withInput<R>(_ index: Int, _ body: (UnsafeBufferPointer<Float>) -> R) -> R {
        let size = shape.elementCount
        let start = (index % count) * size
        return values.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<(start + size)])) }
    }
}

/// A benchmark that cannot run: one line naming the file, model or option and the problem.
public struct BenchError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
