import ArgumentParser
import EdgeIO
import EdgeImaging
import EdgePipeline
import EdgeRuntime
import Foundation

/// `edge eval`: accuracy, per-class accuracy and confusion matrix on labelled digits.
///
/// Every image is preprocessed as the device does and classified, a blank one included (its
/// input is all background), so `total` is always the number of images in the data.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure accuracy on the test split or on a labelled PNG folder."
    )

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "MNIST IDX folder (its test split) or a PNG folder with labels.csv.")
    var data = "samples/mnist"

    @Flag(help: "Print the result as JSON on stdout.")
    var json = false

    @Flag(help: "Include the predicted label of every image (JSON: \"predictions\", in data order).")
    var predictions = false

    func run() throws {
        let report = try evaluate()
        if json {
            print(Self.json(report))
        } else {
            print(Self.table(report, data: data))
        }
    }

    /// `report` as the JSON `--json` prints (DESIGN.md, "Outputs scripts rely on").
    static func json(_ report: EvaluationReport) -> String {
        var pairs: [(String, JSONValue)] = [
            ("variant", .string(report.variant.rawValue)), ("model", .string(report.model)),
            ("total", .int(report.total)), ("correct", .int(report.correct)), ("accuracy", JSONValue(report.accuracy)),
            ("per_class", .array(report.perClass.map { JSONValue($0) })),
            ("confusion", .array(report.confusion.map { .array($0.map(JSONValue.int)) })),
            ("empty_frames", .int(report.emptyFrames)),
            ("classes", report.classes.map { .array($0.map(JSONValue.string)) } ?? .null),
        ]
        if let predictions = report.predictions {
            pairs.append(("predictions", .array(predictions.map { JSONValue($0) })))
        }
        return JSONValue.object(pairs).serialized()
    }

    /// Loads the model and data, classifies every image, and returns the report.
    /// - Throws: a one-line error naming the model, folder or image that failed.
    func evaluate() throws -> EvaluationReport {
        let setup = try modelOptions.load()
        let engine = setup.loaded.compiled.makeContext()
        let classCount = setup.loaded.compiled.signature.classCount
        let samples = try EvalData.open(data, classCount: classCount)
        let classifier = FrameClassifier(preprocess: setup.preprocess)
        let progress = ProgressCounter(total: samples.count)
        var evaluation = Evaluation(classCount: classCount)
        for index in 0..<samples.count {
            let (image, label) = try samples.sample(at: index, format: classifier.decodeFormat)
            let name = samples.name(at: index)
            do {
                switch classifier.classify(image, name: name, with: engine) {
                case .success(let prediction): try evaluation.record(label: label, prediction: prediction.label)
                case .failure(let failure) where failure.isEmptyFrame: try evaluation.recordUnclassified(label: label)
                case .failure(let failure): throw CommandError(failure.detail)
                }
            } catch let error as CommandError {
                throw error
            } catch {
                throw CommandError("\(name): \(error)")
            }
            progress.update(index + 1)
        }
        progress.finish()
        var report = EvaluationReport(
            variant: modelOptions.variant, model: modelOptions.modelPath,
            evaluation: evaluation, includePredictions: predictions)
        report.classes = setup.classes
        return report
    }

    /// The human-readable summary: accuracy, per-class accuracy, confusion matrix.
    static func table(_ report: EvaluationReport, data: String) -> String {
        func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", 100 * $0) } ?? "n/a" }
        var lines = [
            "\(report.variant) · \(report.model) · \(data)",
            "accuracy \(percent(report.accuracy)) (\(report.correct)/\(report.total))"
                + (report.emptyFrames > 0 ? ", \(report.emptyFrames) empty frame(s) not classified" : ""), "",
        ]
        // Class names (edge.classes) label the rows; columns stay numbered to keep the matrix narrow.
        let names = (0..<report.confusion.count).map { label in
            report.classes.map { "\(label) \($0[label])" } ?? String(label)
        }
        let width = max(5, names.map(\.count).max() ?? 0)
        func padLeft(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
        func padRight(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        let cell = max(5, String(report.total).count + 1)
        lines.append(padRight("class", width) + "  accuracy   confusion (rows = true, columns = predicted)")
        let header = (0..<report.confusion.count).map { padLeft(String($0), cell) }.joined()
        lines.append(String(repeating: " ", count: width + 14) + header)
        for (label, row) in report.confusion.enumerated() {
            let cells = row.map { padLeft(String($0), cell) }.joined()
            let accuracy = percent(report.perClass[label])
            lines.append(padRight(names[label], width) + "  " + padLeft(accuracy, 8) + "    " + cells)
        }
        if let predictions = report.predictions {
            lines.append("")
            lines.append("predictions: " + predictions.map { $0.map(String.init) ?? "-" }.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}
