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
        ]
        if let predictions = report.predictions {
            pairs.append(("predictions", .array(predictions.map { JSONValue($0) })))
        }
        return JSONValue.object(pairs).serialized()
    }

    /// Loads the model and data, classifies every image, and returns the report.
    /// - Throws: a one-line error naming the model, folder or image that failed.
    func evaluate() throws -> EvaluationReport {
        let model = try modelOptions.load()
        let engine = model.compiled.makeContext()
        let samples = try EvalData.open(data)
        let classifier = FrameClassifier()
        let progress = ProgressCounter(total: samples.count)
        var evaluation = Evaluation(classCount: model.compiled.signature.classCount)
        for index in 0..<samples.count {
            let (image, label) = try samples.sample(at: index)
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
        return EvaluationReport(
            variant: modelOptions.variant, model: modelOptions.modelPath,
            evaluation: evaluation, includePredictions: predictions)
    }

    /// The human-readable summary: accuracy, per-class accuracy, confusion matrix.
    static func table(_ report: EvaluationReport, data: String) -> String {
        func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", 100 * $0) } ?? "n/a" }
        var lines = [
            "\(report.variant) · \(report.model) · \(data)",
            "accuracy \(percent(report.accuracy)) (\(report.correct)/\(report.total))"
                + (report.emptyFrames > 0 ? ", \(report.emptyFrames) empty frame(s) not classified" : ""), "",
            "class  accuracy   confusion (rows = true, columns = predicted)",
        ]
        let header = (0..<report.confusion.count).map { String(format: "%5d", $0) }.joined()
        lines.append(String(repeating: " ", count: 19) + header)
        for (label, row) in report.confusion.enumerated() {
            let cells = row.map { String(format: "%5d", $0) }.joined()
            let accuracy = percent(report.perClass[label])
            let padded = String(repeating: " ", count: max(0, 8 - accuracy.count)) + accuracy
            lines.append(String(format: "%5d  ", label) + padded + "    " + cells)
        }
        if let predictions = report.predictions {
            lines.append("")
            lines.append("predictions: " + predictions.map { $0.map(String.init) ?? "-" }.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}
