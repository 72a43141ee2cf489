import EdgeGraph
import EdgeImaging
import EdgeTensor
import Testing

@testable import EdgeTraining

/// Every seeded stream the project draws from, pinned to the values it produced before the
/// generators were merged into one `SplitMix64`: a seed in a committed model, a training run or a
/// synthetic camera must mean the same numbers forever.
@Suite("seeded streams")
struct RandomStreamTests {
    static let root = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(
        separator: "/")

    /// FNV-1a 64 over bytes: a fixed checksum for pixels and tensors.
    static func fnv1a<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }

    @Test("SplitMix64: Vigna's reference values, the trainer's stream, floats")
    func generator() {
        var zero = SplitMix64(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)  // splitmix64.c seeded with 0
        #expect(zero.next() == 0x6E78_9E6A_A1B9_65F4)
        var trainer = SplitMix64(seed: 1 ^ 0x5EED_DA7A_0F_ED6E)  // Trainer, seed 1
        #expect(trainer.next() == 0x6718_F1EA_653D_50C5)
        #expect(trainer.next() == 0xA5A1_0AA4_4D3A_CE5F)
        #expect(trainer.nextFloat(in: 0..<1) == 0.008435547)
    }

    @Test("training: shuffle order and augmented batch for fixed seeds")
    func training() throws {
        var generator = SplitMix64(seed: 1 ^ 0x5EED_DA7A_0F_ED6E)
        var order = Array(0..<10)
        Trainer.shuffle(&order, using: &generator)
        #expect(order == [9, 0, 2, 3, 5, 8, 7, 4, 6, 1])

        let train = try MNISTDataset.load(directory: Self.root + "/samples/mnist", split: .train)
        let set = try TrainingSet(pixels: Array(train.pixels.prefix(784 * 8)), labels: Array(train.labels.prefix(8)))
        var shifts = SplitMix64(seed: 9)
        let (input, labels) = set.batch([0, 3, 5, 7], maxShift: 2, generator: &shifts)
        #expect(labels == [0, 0, 0, 0])
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for x in input.scalars { hash = (hash ^ UInt64(x.bitPattern)) &* 0x100_0000_01B3 }
        #expect(hash == 0xF6AB_5893_DBCF_BADA)
        #expect(shifts.next() == 0x3812_B742_7A48_E169)
    }

    @Test("weight initialisation for seed 1")
    func initialisation() {
        let weights = DigitCNNWeights(seed: 1)
        #expect(Array(weights["conv1.weight"].scalars.prefix(3)) == [0.044374347, 0.16385448, 0.31400183])
        #expect(Array(weights["fc2.weight"].scalars.suffix(2)) == [-0.087831214, 0.10378872])
    }

    @Test("synthetic camera: per-frame streams and rendered pixels for seed 7")
    func camera() throws {
        var stream = SplitMix64(seed: 7, index: 3, stream: 1)
        #expect(stream.next() == 0xE2F6_0B28_2FAF_CC58)
        #expect(stream.unit() == 0.7633812389245695)
        #expect(stream.gaussian() == 0.7662980501038114)
        var plain = SplitMix64(seed: 7)
        #expect(plain.next() == 0x63CB_E1E4_5932_0DD7)

        let digits = try MNISTDataset.load(directory: Self.root + "/samples/mnist", split: .test)
        let expected: [(SyntheticCamera.Settings, [(label: Int, digit: Int, hash: UInt64)])] = [
            (
                .init(),
                [(9, 962, 0x0653_62C5_8FE9_F511), (1, 128, 0x6CD9_DAB6_E022_D139), (8, 816, 0x433E_E76A_E523_2584)]
            ),
            (
                .init(width: 320, height: 240, format: .rgb),
                [(9, 962, 0xD6C2_D01A_A54C_E030), (1, 128, 0x8F0C_1BFF_6378_0DF9), (8, 816, 0xA862_A414_DC21_F946)]
            ),
        ]
        for (settings, frames) in expected {
            let camera = SyntheticCamera(digits: digits, settings: settings, seed: 7)
            for (index, frame) in frames.enumerated() {
                let rendered = camera.render(frame: index)
                #expect(rendered.label == frame.label && rendered.digitIndex == frame.digit)
                #expect(
                    Self.fnv1a(rendered.image.pixels) == frame.hash,
                    "\(settings.width)x\(settings.height) frame \(index)")
            }
        }
    }
}
