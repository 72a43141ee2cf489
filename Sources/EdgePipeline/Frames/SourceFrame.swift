import EdgeImaging

/// A frame as a sensor delivers it: encoded bytes or raw pixels. Output of a source, input of
/// the preprocess stage.
public struct SourceFrame: FrameCarrying {
    public enum Payload: Sendable {
        /// A PNG file's bytes (folder replay, or a camera that sends compressed frames).
        case png([UInt8])
        /// Raw pixels.
        case image(Image)
    }
    public var info: FrameInfo
    public var payload: Payload

    public init(info: FrameInfo, payload: Payload) {
        self.info = info
        self.payload = payload
    }
}
