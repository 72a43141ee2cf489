import EdgeIO
import EdgeImaging
import EdgeTensor

/// The synthetic camera as a pipeline source: renders frame `id`, PNG-encodes it (a camera
/// sending compressed frames, so corruption means bad bytes) and injects sensor faults.
///
/// Every decision for frame `id` (the picture, a drop, corruption, a stall) comes from random
/// streams keyed by the seed and `id`, so a seed replays identically whatever the timing.
public struct SyntheticCameraSource: FrameSource {
    public let camera: SyntheticCamera
    public let faults: FaultConfig
    public let frameLimit: Int?
    public let notes: [String] = []

    /// Loads the pictures from `config.digits`: the test split of an IDX set, or a PNG folder
    /// with `labels.csv` (``EdgeImaging/MNISTDataset/load(pngFolder:)``).
    /// - Throws: ``SourceError`` naming the data set file that cannot be used.
    public init(config: CameraSourceConfig) throws(SourceError) {
        let digits: MNISTDataset
        if FileSystem.kind(of: config.digits) == .directory,
            FileSystem.kind(of: config.digits + "/test-images-idx3-ubyte") == nil
        {
            do {
                digits = try MNISTDataset.load(pngFolder: config.digits)
            } catch {
                throw SourceError(path: error.path, problem: error.problem, key: "source.images")
            }
        } else {
            do {
                digits = try MNISTDataset.load(directory: config.digits, split: .test)
            } catch {
                throw SourceError(path: error.path, problem: error.message, key: "source.digits")
            }
        }
        guard digits.count > 0 else { throw SourceError(path: config.digits, problem: "the test split is empty") }
        camera = SyntheticCamera(digits: digits, settings: config.settings, seed: config.seed)
        faults = config.faults
        frameLimit = config.frames
    }

    public mutating func next(id: Int) -> SourceDelivery? {
        if let frameLimit, id >= frameLimit { return nil }
        let pixels = camera.settings.width * camera.settings.height
        var rng = SplitMix64(seed: camera.seed, index: UInt64(id), stream: 1)
        let stall = rng.unit() < faults.stall ? UInt64(faults.stallMs * 1_000_000) : 0
        let fault = rng.unit()
        let frame = camera.render(frame: id)
        let name = "cam-\(id)"
        let info = FrameInfo(id: id, source: name, label: frame.label)
        if fault < faults.drop {
            return SourceDelivery(
                result: .finished(FinishedFrame(info: info, outcome: .dropped(stage: .source, policy: nil))),
                stallNs: stall, pixelCount: pixels)
        }
        var bytes: [UInt8]
        do {
            bytes = try PNGCodec.encode(frame.image, compressionLevel: 1)
        } catch {
            return SourceDelivery(
                result: .finished(
                    FinishedFrame(info: info, outcome: .failed(reason: error.reason, detail: error.description))),
                stallNs: stall, pixelCount: pixels)
        }
        if fault < faults.drop + faults.corrupt {
            Self.corrupt(&bytes, rng: &rng)
        }
        return SourceDelivery(
            result: .next(SourceFrame(info: info, payload: .png(bytes))), stallNs: stall, pixelCount: pixels)
    }

    /// Overwrites a few bytes of the image data (after the 33-byte signature + IHDR), as a
    /// flaky link would; the chunk CRCs then no longer match.
    static func corrupt(_ bytes: inout [UInt8], rng: inout SplitMix64) {
        guard bytes.count > 45 else { return }
        for _ in 0..<4 {
            let at = 41 + Int(rng.next() % UInt64(bytes.count - 45))
            bytes[at] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
        }
    }
}
