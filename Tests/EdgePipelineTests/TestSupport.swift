import EdgeImaging
import EdgeKernels
import EdgeRuntime
import EdgeTensor
import Foundation

@testable import EdgePipeline

/// Repository paths for tests.
enum Repo {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static let digits = root + "/samples/digits"
    static let mnist = root + "/samples/mnist"
}

/// A small deterministic classifier for tests only: nearest class centroid of preprocessed
/// training digits (10 per class). Real arithmetic on real inputs, no model file.
struct CentroidModel: CompiledModel {
    let variant: Variant = .eager
    let signature = ModelSignature(
        inputName: "input", inputShape: [1, 1, 28, 28], outputName: "logits", classCount: 10)
    let centroids: [[Float]]
    /// Each context throws on every `failEvery`-th call (0: never), to test stage errors.
    let failEvery: Int

    func makeContext() -> sending any ExecutionContext { CentroidContext(model: self) }

    static let sharedCentroids: [[Float]] = {
        let train = try! MNISTDataset.load(directory: Repo.mnist, split: .train)
        var sums = Array(repeating: [Float](repeating: 0, count: 784), count: 10)
        var counts = Array(repeating: 0, count: 10)
        let pre = Preprocessor()
        for i in stride(from: 0, to: train.count, by: 37) {
            let label = Int(train.labels[i])
            guard counts[label] < 10 else { continue }
            let t = pre.process(train.image(at: i)).tensor.scalars
            for j in 0..<784 { sums[label][j] += t[j] }
            counts[label] += 1
        }
        return (0..<10).map { c in sums[c].map { $0 / Float(max(counts[c], 1)) } }
    }()
}

final class CentroidContext: ExecutionContext {
    let centroid: CentroidModel
    private var calls = 0

    init(model: CentroidModel) { centroid = model }

    var model: any CompiledModel { centroid }

    func predict(input: UnsafeBufferPointer<Float>, logits: UnsafeMutableBufferPointer<Float>) throws(EngineError) {
        try checkBuffers(input: input, logits: logits)
        calls += 1
        if centroid.failEvery > 0 && calls % centroid.failEvery == 0 {
            throw .kernel(node: "centroid", KernelError("test engine failure"))
        }
        for (c, center) in centroid.centroids.enumerated() {
            var d: Float = 0
            for j in 0..<784 { d += (input[j] - center[j]) * (input[j] - center[j]) }
            logits[c] = -d / 100
        }
    }
}

struct CentroidFactory: InferenceEngineFactory {
    var failEvery = 0
    func compiledModel(variant: Variant) throws -> any CompiledModel {
        CentroidModel(centroids: CentroidModel.sharedCentroids, failEvery: failEvery)
    }
    func modelSHA256(variant: Variant) throws -> String { String(repeating: "0", count: 64) }
}

/// A fresh temporary folder for one test.
func makeTempDirectory(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "edge-pipeline-tests-\(name)-\(UUID().uuidString.prefix(8))"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A folder with `count` sample digits (two per class, stratified), a truncated PNG, a blank
/// PNG, a text file, and a labels.csv listing the PNGs in reverse name order.
func makeDigitFolder(_ name: String, count: Int = 12) -> (path: String, names: [String]) {
    let dir = makeTempDirectory(name)
    let fm = FileManager.default
    let all = try! fm.contentsOfDirectory(atPath: Repo.digits).filter { $0.hasSuffix(".png") }.sorted()
    var picked: [String] = []
    for i in 0..<count { picked.append(all[(i * 97) % all.count]) }
    var csv = "file,label\n"
    var names: [String] = []
    for file in picked {
        try! fm.copyItem(atPath: Repo.digits + "/" + file, toPath: dir + "/" + file)
        names.append(file)
    }
    let good = try! [UInt8](Data(contentsOf: URL(fileURLWithPath: Repo.digits + "/" + picked[0])))
    try! Data(good.prefix(good.count / 2)).write(to: URL(fileURLWithPath: dir + "/zz_truncated_3.png"))
    try! PNGCodec.write(Image(width: 28, height: 28, format: .gray, repeating: 255), to: dir + "/zz_blank_1.png")
    try! "not an image".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
    names += ["zz_blank_1.png", "zz_truncated_3.png"]
    for file in names.reversed() {
        let label = file.split(separator: "_").last!.prefix(1)
        csv += "\(file),\(label)\n"
    }
    try! csv.write(toFile: dir + "/labels.csv", atomically: true, encoding: .utf8)
    return (dir, names)
}

/// Parses a JSON document with Foundation (tests only; product code hand-encodes).
func parseJSON(_ text: String) -> Any? {
    try? JSONSerialization.jsonObject(with: Data(text.utf8))
}

/// Removes a folder made by `makeTempDirectory` or `makeDigitFolder` (tests clean up after themselves).
func removeTempDirectory(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}
