import EdgeGraph
import EdgeImaging
import EdgeModelIO
import EdgeTensor
import Foundation

/// A foreign RGB classifier and its data, built in the test (no torch): a 3×32×32 input, Conv
/// 3→4 (3×3, stride 2) + ReLU, global average pool, Gemm 4→3. Channels 0–2 of the conv average
/// the red, green and blue planes and the Gemm passes them on, so the model names a picture's
/// dominant colour; channel 3 has seeded random weights (so the net is not only an identity).
/// The images are 40×40 RGB PNGs (the preprocessing resizes them to 32×32) with seeded noise.
enum ForeignModel {
    static let classes = ["red", "green", "blue"]
    static let preprocessYAML = """
        mode: resize
        size: [32, 32]
        channels: rgb
        mean: [0.5, 0.5, 0.5]
        std: [0.5, 0.5, 0.5]
        resize: bilinear

        """

    /// The graph, weights from seed 5.
    static func graph() -> Graph {
        var generator = SplitMix64(seed: 5)
        var conv = [Float](repeating: 0, count: 4 * 3 * 3 * 3)
        for c in 0..<3 {
            for k in 0..<9 { conv[(c * 3 + c) * 9 + k] = 1 / 9 }
        }
        for i in (3 * 27)..<(4 * 27) { conv[i] = generator.nextFloat(in: -0.2..<0.2) }
        var fc = [Float](repeating: 0, count: 3 * 4)
        for c in 0..<3 {
            fc[c * 4 + c] = 1
            fc[c * 4 + 3] = generator.nextFloat(in: -0.05..<0.05)
        }
        return Graph(
            name: "rgb-dominant", inputs: [ValueInfo(name: "image", type: TensorType(.float32, [1, 3, 32, 32]))],
            outputs: ["logits"],
            nodes: [
                Node(
                    name: "conv", op: .conv, inputs: ["image", "conv.w", "conv.b"], outputs: ["c"],
                    attributes: [
                        "kernel_shape": .ints([3, 3]), "strides": .ints([2, 2]), "pads": .ints([1, 1, 1, 1]),
                    ]),
                Node(name: "relu", op: .relu, inputs: ["c"], outputs: ["r"]),
                Node(name: "gap", op: .globalAveragePool, inputs: ["r"], outputs: ["g"]),
                Node(name: "flatten", op: .flatten, inputs: ["g"], outputs: ["f"]),
                Node(
                    name: "fc", op: .gemm, inputs: ["f", "fc.w", "fc.b"], outputs: ["logits"],
                    attributes: ["transB": .int(1)]),
            ],
            initializers: [
                ("conv.w", .float32(Tensor(shape: [4, 3, 3, 3], scalars: conv))),
                ("conv.b", .float32(Tensor(shape: [4], repeating: 0))),
                ("fc.w", .float32(Tensor(shape: [3, 4], scalars: fc))),
                ("fc.b", .float32(Tensor(shape: [3], repeating: 0))),
            ])
    }

    /// Writes `model.onnx` (no metadata), `preprocess.yaml`, `classes.txt` and `images/` (`count`
    /// PNGs, label = index % 3, plus labels.csv) into `folder`.
    static func write(into folder: String, count: Int = 12) throws {
        let bytes = try ONNXWriter.bytes(graph(), path: "model.onnx", producer: ("edgeloop-tests", "1"))
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/model.onnx"))
        try preprocessYAML.write(toFile: folder + "/preprocess.yaml", atomically: true, encoding: .utf8)
        try (classes.joined(separator: "\n") + "\n").write(
            toFile: folder + "/classes.txt", atomically: true, encoding: .utf8)
        let images = folder + "/images"
        try FileManager.default.createDirectory(atPath: images, withIntermediateDirectories: true)
        var generator = SplitMix64(seed: 9)
        var lines = ["file,label"]
        for index in 0..<count {
            let label = index % 3
            var pixels = [UInt8](repeating: 0, count: 40 * 40 * 3)
            for p in 0..<(40 * 40) {
                for c in 0..<3 {
                    let value = c == label ? generator.nextFloat(in: 170..<255) : generator.nextFloat(in: 0..<90)
                    pixels[p * 3 + c] = UInt8(value)
                }
            }
            let name = String(format: "%02d_%@.png", index, classes[label])
            try PNGCodec.write(Image(width: 40, height: 40, format: .rgb, pixels: pixels), to: images + "/" + name)
            lines.append("\(name),\(label)")
        }
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: images + "/labels.csv", atomically: true, encoding: .utf8)
    }
}
