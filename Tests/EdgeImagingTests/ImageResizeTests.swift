import EdgeTensor
import Testing

@testable import EdgeImaging

/// Each filter on rows with hand-computed values (docs/preprocess.md states the rules).
@Suite("ImageResize and resize-mode preprocessing")
struct ImageResizeTests {
    private func row(_ values: [UInt8]) -> Image {
        Image(width: values.count, height: 1, format: .gray, pixels: values)
    }

    private func resized(_ values: [UInt8], to width: Int, _ filter: Preprocess.Resize) -> [UInt8] {
        ImageResize.resize(row(values), width: width, height: 1, filter: filter).pixels
    }

    @Test("nearest takes the source pixel floor((o + 0.5)·src/dst)")
    func nearest() {
        #expect(resized([0, 100, 200, 255], to: 2, .nearest) == [100, 255])
        #expect(resized([0, 90, 180], to: 2, .nearest) == [0, 180])
        #expect(resized([0, 100], to: 4, .nearest) == [0, 0, 100, 100])
    }

    @Test("bilinear interpolates at (o + 0.5)·src/dst − 0.5, clamped, rounded half away from zero")
    func bilinear() {
        #expect(resized([0, 100, 200, 255], to: 2, .bilinear) == [50, 228])
        #expect(resized([0, 90, 180], to: 2, .bilinear) == [23, 158])
        #expect(resized([0, 100], to: 4, .bilinear) == [0, 25, 75, 100])
    }

    @Test("area averages the covered source interval, partial pixels by overlap")
    func area() {
        #expect(resized([0, 90, 180], to: 2, .area) == [30, 150])
        #expect(resized([0, 100, 200, 255], to: 1, .area) == [139])
        #expect(resized([0, 100], to: 4, .area) == [0, 0, 100, 100])
    }

    @Test("both axes and every channel: a 2×2 RGB picture averaged to 1×1; same size is unchanged")
    func twoAxes() {
        let image = Image(
            width: 2, height: 2, format: .rgb, pixels: [0, 10, 200, 100, 20, 200, 50, 30, 0, 250, 40, 0])
        let one = ImageResize.resize(image, width: 1, height: 1, filter: .area)
        #expect(one.pixels == [100, 25, 100])
        for filter in Preprocess.Resize.allCases {
            #expect(ImageResize.resize(image, width: 2, height: 2, filter: filter) == image)
        }
        // 1 row → 3 rows: vertical pass only.
        let column = Image(width: 1, height: 2, format: .gray, pixels: [0, 200])
        #expect(ImageResize.resize(column, width: 1, height: 4, filter: .bilinear).pixels == [0, 50, 150, 200])
    }

    @Test("resize mode writes (p/255 − mean)/std per channel, NCHW, RGB order")
    func normalization() throws {
        let spec = try Preprocess(
            mode: .resize, height: 1, width: 2, channels: .rgb, mean: [0.5, 0, 0.2], std: [0.5, 1, 0.1])
        let image = Image(width: 2, height: 1, format: .rgb, pixels: [255, 0, 51, 0, 255, 102])
        let input = spec.prepare(image)
        #expect(input.tensor.shape == [1, 3, 1, 2])
        let expected: [Float] = [1, -1, 0, 1, 0, 2]
        #expect(zip(input.tensor.scalars, expected).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(!input.isEmpty)
    }

    @Test("gray → rgb replicates the value; rgb → gray is BT.601 luma; alpha over white")
    func channelConversion() throws {
        let rgb = try Preprocess(mode: .resize, height: 1, width: 2, channels: .rgb, mean: [0, 0, 0], std: [1, 1, 1])
        let gray = row([0, 255])
        #expect(rgb.prepare(gray).tensor.scalars == [0, 1, 0, 1, 0, 1])
        let toGray = try Preprocess(mode: .resize, height: 1, width: 1, channels: .gray, mean: [0], std: [1])
        let red = Image(width: 1, height: 1, format: .rgb, pixels: [255, 0, 0])
        #expect(toGray.prepare(red).image.pixels == [76])
        let clear = Image(width: 1, height: 1, format: .rgba, pixels: [0, 0, 0, 0])
        #expect(
            rgb.prepare(Image(width: 2, height: 1, format: .rgba, pixels: clear.pixels + clear.pixels)).image.pixels
                == [255, 255, 255, 255, 255, 255])
    }

    @Test("a blank picture is an input in resize mode, empty_frame only in digit mode")
    func blank() throws {
        let spec = try Preprocess(mode: .resize, height: 28, width: 28, channels: .gray, mean: [0.1307], std: [0.3081])
        let white = Image(width: 40, height: 40, format: .gray, repeating: 255)
        #expect(!spec.prepare(white).isEmpty)
        #expect(Preprocess.digit.prepare(white).isEmpty)
    }

    @Test("values that do not fit together are refused naming the key")
    func invalid() {
        func problem(_ make: () throws(PreprocessError) -> Preprocess) -> String? {
            do {
                _ = try make()
                return nil
            } catch { return error.description }
        }
        #expect(
            problem { () throws(PreprocessError) in
                try Preprocess(mode: .resize, height: 32, width: 32, channels: .rgb, mean: [0.5], std: [1, 1, 1])
            } == "mean: 1 value(s) for 3 rgb channel(s)")
        #expect(
            problem { () throws(PreprocessError) in
                try Preprocess(mode: .digit, height: 32, width: 32, channels: .gray, mean: [0], std: [1])
            } == "size: digit mode makes [28, 28], got [32, 32]")
        #expect(
            problem { () throws(PreprocessError) in
                try Preprocess(mode: .resize, height: 8, width: 8, channels: .gray, mean: [0], std: [0])
            } == "std: 0.0 is not a positive finite number")
    }
}
