import ArgumentParser
import EdgeGraph
import EdgeIO
import EdgeImaging
import EdgeModelIO
import EdgePipeline
import EdgeTraining
import Foundation

/// `edge train`: trains DigitCNN's architecture from scratch on an IDX training split (MNIST,
/// Fashion-MNIST, ...) and writes its weights with `edge.preprocess` and `edge.classes`.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train DigitCNN on an IDX training split (MNIST, Fashion-MNIST) and write safetensors weights.",
        discussion: """
            Deterministic: the same seed and settings give the same weights bit for bit. The \
            defaults are the settings behind the committed models/baseline_cnn.safetensors. The \
            file's metadata records edge.preprocess (the data folder's preprocess.yaml, else digit \
            mode) and edge.classes (the folder's classes.txt, when present).
            """
    )

    @Option(
        help:
            "Folder with the IDX files (train and test split), optionally preprocess.yaml and classes.txt (one name per line)."
    )
    var data = "samples/mnist"

    @Option(parsing: .unconditional, help: "Number of passes over the training split.")
    var epochs = TrainingConfiguration().epochs

    @Option(parsing: .unconditional, help: "Seed for initial weights, shuffling and augmentation.")
    var seed = TrainingConfiguration().seed

    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: "Images per mini-batch.")
    var batchSize = TrainingConfiguration().batchSize

    @Option(
        name: .customLong("learning-rate"), parsing: .unconditional,
        help: "Peak learning rate of the one-cycle schedule.")
    var learningRate = TrainingConfiguration().maxLearningRate

    @Option(help: "Where to write the trained weights (safetensors, PyTorch state_dict names).")
    var out = "models/baseline_cnn.safetensors"

    @Flag(help: "Replace the --out file if it exists (the default --out is the committed model).")
    var force = false

    @Flag(help: "Print the result as JSON on stdout.")
    var json = false

    func validate() throws {
        do { try makeConfiguration().validate() } catch { throw ValidationError(error.description) }
    }

    func makeConfiguration() -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.epochs = epochs
        configuration.seed = seed
        configuration.batchSize = batchSize
        configuration.maxLearningRate = learningRate
        return configuration
    }

    /// Loads both splits, trains, measures the test accuracy and writes the weights.
    /// - Throws: `CommandError` (one line naming the file, exit code 1) when the data cannot be
    ///   loaded, a split is too small to train or test on, or the weights cannot be written.
    func run() throws {
        // Checked before minutes of training, not after.
        do {
            try OutputPath(out, existing: .refuseWithoutForce).check(force: force)
        } catch {
            throw CommandError(error.description)
        }
        let description = try Self.dataDescription(data)
        let trainingSet: TrainingSet
        let testSet: TrainingSet
        let trainer: Trainer
        do {
            let train = try MNISTDataset.load(directory: data, split: .train)
            let test = try MNISTDataset.load(directory: data, split: .test)
            // BatchNorm needs two images per batch, and an accuracy needs one test image.
            guard train.count >= 2 else {
                throw CommandError(
                    "\(Self.path(data, "train-images-idx3-ubyte")): \(train.count) images; training needs at least 2")
            }
            guard test.count >= 1 else {
                throw CommandError(
                    "\(Self.path(data, "test-images-idx3-ubyte")): no images; the test accuracy needs at least 1")
            }
            trainingSet = try TrainingSet(pixels: train.pixels, labels: train.labels)
            testSet = try TrainingSet(pixels: test.pixels, labels: test.labels)
            trainer = try Trainer(configuration: makeConfiguration())
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError("\(error)")
        }
        let interactive = StandardError.isTerminal
        let start = Date()
        var lastDraw = Date.distantPast
        var epochs: [EpochSummary] = []

        try trainer.train(
            on: trainingSet,
            progress: { progress in
                guard interactive, Date().timeIntervalSince(lastDraw) > 0.2 || progress.step == progress.totalSteps
                else { return }
                lastDraw = Date()
                let elapsed = Date().timeIntervalSince(start)
                let left = elapsed / Double(progress.step) * Double(progress.totalSteps - progress.step)
                let line = String(
                    format: "\repoch %d/%d  batch %d/%d  loss %.4f  acc %.2f%%  lr %.2e  %@ elapsed  %@ left ",
                    progress.epoch, progress.epochs, progress.batch, progress.batchesPerEpoch,
                    progress.loss, progress.accuracy * 100, progress.learningRate,
                    Self.clock(elapsed), Self.clock(left))
                StandardError.write(line)
            },
            epochDone: { summary in
                epochs.append(summary)
                if interactive { StandardError.write("\n") }
                if !json {
                    print(
                        String(
                            format: "epoch %2d  loss %.4f  train acc %.2f%%  (%@)", summary.epoch, summary.loss,
                            summary.accuracy * 100, Self.clock(Date().timeIntervalSince(start))))
                }
            })
        let seconds = Date().timeIntervalSince(start)
        let accuracy = try trainer.accuracy(on: testSet)
        do {
            var file = trainer.network.weights.safetensors
            for (key, value) in description { file.metadata[key] = value }
            try file.write(to: out)
        } catch {
            throw CommandError("\(error)")
        }
        if json {
            let history = epochs.map {
                JSONValue.object([
                    ("epoch", .int($0.epoch)), ("loss", .rounded(Double($0.loss), digits: 6)),
                    ("train_accuracy", .rounded(Double($0.accuracy), digits: 6)),
                ])
            }
            print(
                JSONValue.object([
                    ("out", .string(out)), ("seed", .uint(seed)), ("epochs", .int(self.epochs)),
                    ("train_seconds", .rounded(seconds, digits: 2)), ("test_total", .int(testSet.count)),
                    ("test_accuracy", .rounded(Double(accuracy), digits: 4)), ("history", .array(history)),
                ]).serialized())
        } else {
            print(
                String(
                    format: "test accuracy %.2f%% (%d images), trained in %@, seed %llu, wrote %@",
                    accuracy * 100, testSet.count, Self.clock(seconds), seed, out))
        }
    }

    /// The `edge.preprocess` and `edge.classes` entries for a model trained on `directory`: its
    /// `preprocess.yaml` (else digit mode) and its `classes.txt` (when present, 10 names).
    /// - Throws: `CommandError` naming the file when it is malformed, or when its preprocessing is
    ///   not what training feeds the network (28×28 gray, MNIST's mean and std on raw pixels).
    static func dataDescription(_ directory: String) throws -> [(key: String, value: String)] {
        let preprocessPath = path(directory, "preprocess.yaml")
        var preprocess = Preprocess.digit
        if FileSystem.kind(of: preprocessPath) != nil {
            preprocess = try ModelSetup.loadPreprocess(preprocessPath)!
            let trained = try Preprocess(
                mode: .resize, height: MNISTDataset.side, width: MNISTDataset.side, channels: .gray,
                mean: [TrainingSet.mean], std: [TrainingSet.standardDeviation], resize: preprocess.resize)
            guard preprocess.mode == .digit || preprocess == trained else {
                throw CommandError(
                    "\(preprocessPath): training feeds the raw 28x28 gray pixels as (p/255 - \(TrainingSet.mean))/\(TrainingSet.standardDeviation); "
                        + "this file says \(preprocess.summary)")
            }
        }
        var entries = [(key: ModelDescription.preprocessKey, value: preprocess.jsonText)]
        let classesPath = path(directory, "classes.txt")
        if FileSystem.kind(of: classesPath) != nil {
            let names = try ModelSetup.loadClasses(classesPath)
            guard names.count == DigitCNN.classCount else {
                throw CommandError(
                    "\(classesPath): \(names.count) class names; DigitCNN has \(DigitCNN.classCount) classes")
            }
            entries.append((ModelDescription.classesKey, ModelDescription.classesJSON(names)))
        }
        return entries
    }

    /// `file` inside `directory`, as `MNISTDataset.load` names it in its errors.
    static func path(_ directory: String, _ file: String) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + file
    }

    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--" }
        let total = Int(seconds.rounded())
        return String(format: "%d:%02d", total / 60, total % 60)
    }
}
