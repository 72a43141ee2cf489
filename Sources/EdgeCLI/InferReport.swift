import EdgeIO
import EdgeImaging
import Foundation

/// What `edge infer` prints: a device-style log, or JSON with `--json`.
struct InferReport {
    var variant: String
    var model: String
    var kernels: String
    /// The first `predict` call after the model was compiled (`edge bench`'s `first_call_us`).
    var firstCallMicroseconds: Double?
    /// Median of `steadyCalls` further calls on the first image.
    var steadyP50Microseconds: Double?
    var steadyCalls: Int
    var images: [InferResult]
    var preprocess: Preprocess = .digit
    /// Class names of the model (`edge.classes`), nil when it names none.
    var classes: [String]? = nil

    /// The name of class `index`.
    func className(_ index: Int) -> String {
        guard let classes, classes.indices.contains(index) else { return String(index) }
        return classes[index]
    }

    /// The `--json` document: `{"variant", "model", "kernels", "first_call_us", "steady_p50_us",
    /// "steady_calls", "preprocess", "classes", "images": [...]}`; a missing figure is `null`.
    func json() -> String {
        JSONValue.object([
            ("variant", .string(variant)), ("model", .string(model)), ("kernels", .string(kernels)),
            ("first_call_us", JSONValue(firstCallMicroseconds)), ("steady_p50_us", JSONValue(steadyP50Microseconds)),
            ("steady_calls", .int(steadyCalls)), ("preprocess", preprocess.jsonValue),
            ("classes", classes.map { .array($0.map(JSONValue.string)) } ?? .null),
            ("images", .array(images.map { $0.json(classes: classes) })),
        ]).serialized()
    }

    /// One line per classified or empty image, then the timing summary (a file that failed is
    /// reported once, on stderr, by the command).
    func log() -> String {
        func us(_ value: Double?) -> String { value.map { String(format: "%.1f µs", $0) } ?? "n/a" }
        var lines = ["\(variant) · \(model) · kernels \(kernels)"]
        let first = images.firstIndex { $0.inferenceMicroseconds != nil }
        for (index, result) in images.enumerated() {
            let truth = result.label.map(className) ?? "unknown"
            if result.error != nil {
                continue  // already said once, on stderr
            } else if result.empty {
                lines.append("\(result.file)  true \(truth)  empty frame (no ink), not classified")
            } else {
                lines.append(
                    "\(result.file)  true \(truth)  predicted \(className(result.prediction!))"
                        + String(format: "  confidence %.3f", result.confidence!)
                        + "  \(us(result.inferenceMicroseconds))"
                        + (index == first ? " (first call)" : ""))
            }
        }
        lines.append(
            "inference: first call \(us(firstCallMicroseconds)) (after load), steady p50 \(us(steadyP50Microseconds)) over \(steadyCalls) calls"
        )
        return lines.joined(separator: "\n")
    }
}
