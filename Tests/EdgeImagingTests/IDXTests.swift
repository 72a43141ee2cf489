import Testing

@testable import EdgeImaging

@Suite("IDX and MNIST samples")
struct IDXTests {
    @Test("test split: 1000 digits, 100 per class; train split: 4000, 400 per class")
    func classCounts() throws {
        let test = Repo.testSplit
        #expect(test.count == 1000 && test.pixels.count == 784_000)
        #expect(test.indicesByClass().map(\.count) == [Int](repeating: 100, count: 10))
        let train = try MNISTDataset.load(directory: Repo.mnist, split: .train)
        #expect(train.count == 4000)
        #expect(train.indicesByClass().map(\.count) == [Int](repeating: 400, count: 10))
        #expect(test.labels == test.labels.sorted() && train.labels == train.labels.sorted())  // the CSV is sorted
    }

    @Test("first test image is row 4 of the CSV")
    func firstTestImage() throws {
        let fields = MNISTRow4.csv.split(separator: ",").map { UInt8($0)! }
        #expect(fields.count == 785)
        let test = Repo.testSplit
        #expect(test.image(at: 0).pixels == Array(fields.prefix(784)))
        #expect(test.labels[0] == fields[784])
        test.withPixels(at: 0) { #expect(Array($0) == Array(fields.prefix(784))) }
    }

    @Test("samples/digits holds all 1000 test digits, named and labelled as the split")
    func digitFolder() throws {
        let csv = try String(decoding: FileBytesForTests.read(Repo.digits + "/labels.csv"), as: UTF8.self)
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "file,label")
        #expect(lines.count == 1001)
        let test = Repo.testSplit
        for (index, line) in lines.dropFirst().enumerated() {
            let parts = line.split(separator: ",")
            let label = test.labels[index]
            let name = String(repeating: "0", count: 4 - String(index).count) + "\(index)_\(label).png"
            #expect(parts == [Substring(name), Substring("\(label)")])
            if index % 10 == 0 {  // decode a tenth: the PNG path is covered elsewhere
                #expect(try PNGCodec.decode(contentsOf: Repo.digits + "/" + name) == test.image(at: index))
            }
        }
    }

    func header(_ dims: [UInt32], type: UInt8 = 0x08) -> [UInt8] {
        [0, 0, type, UInt8(dims.count)]
            + dims.flatMap { [UInt8($0 >> 24), UInt8(($0 >> 16) & 0xFF), UInt8(($0 >> 8) & 0xFF), UInt8($0 & 0xFF)] }
    }

    func parseError(_ bytes: [UInt8]) -> IDXError? {
        do {
            _ = try IDXFile(parsing: bytes, path: "x.idx")
            return nil
        } catch { return error }
    }

    @Test("parse errors: wrong magic, unsupported type, truncated, trailing bytes")
    func parseErrors() {
        #expect(
            parseError([0x1F, 0x8B, 0x08, 0x00, 1, 2, 3])
                == IDXError(.wrongMagic, path: "x.idx", message: "wrong magic number 0x1f8b0800: not an IDX file"))
        #expect(parseError(header([2], type: 0x0D) + [0, 0, 0, 0, 0, 0, 0, 0])?.kind == .unsupportedType)
        #expect(parseError([0, 0])?.kind == .truncated)
        #expect(parseError(header([3, 28, 28]).dropLast(2).map { $0 })?.kind == .truncated)
        let short = parseError(header([3, 2, 2]) + [UInt8](repeating: 1, count: 11))
        #expect(short?.kind == .truncated)
        #expect(short?.description == "x.idx: truncated IDX file: dimensions [3, 2, 2] need 12 data bytes, found 11")
        #expect(parseError(header([3]) + [1, 2, 3, 4])?.kind == .trailingBytes)
        let file = try? IDXFile(parsing: header([2, 1, 3]) + [1, 2, 3, 4, 5, 6])
        #expect(file?.dimensions == [2, 1, 3] && file?.count == 2 && file?.itemSize == 3)
        #expect(file?.serialized() == header([2, 1, 3]) + [1, 2, 3, 4, 5, 6])
        // Sizes read from the header go through checked arithmetic: an absurd or overflowing
        // product is an error naming the file, never a trap.
        let huge = parseError(header([0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF]))
        #expect(huge?.kind == .truncated)
        #expect(
            huge?.description.hasPrefix("x.idx: IDX dimensions: 4294967295 × 4294967295 × 4294967295 overflows")
                == true, "\(String(describing: huge))")
        let absurd = parseError(header([1 << 20, 1 << 21]))
        #expect(absurd?.description.contains("exceeds the limit") == true, "\(String(describing: absurd))")
    }

    func loadError(images: [UInt8], labels: [UInt8]) throws -> IDXError? {
        let directory = Repo.temporaryPath("mnist")
        try FileBytesForTests.makeDirectory(directory)
        defer { FileBytesForTests.remove(directory) }
        try FileBytesForTests.write(images, to: directory + "/test-images-idx3-ubyte")
        try FileBytesForTests.write(labels, to: directory + "/test-labels-idx1-ubyte")
        do {
            _ = try MNISTDataset.load(directory: directory, split: .test)
            return nil
        } catch { return error }
    }

    @Test("split loader errors: count mismatch, wrong shape, bad label, missing file")
    func loaderErrors() throws {
        let threeImages = IDXFile(dimensions: [3, 28, 28], data: [UInt8](repeating: 0, count: 3 * 784)).serialized()
        let mismatch = try loadError(images: threeImages, labels: IDXFile(dimensions: [2], data: [1, 2]).serialized())
        #expect(mismatch?.kind == .countMismatch)
        #expect(mismatch?.path.hasSuffix("/test-labels-idx1-ubyte") == true)
        #expect(mismatch?.message.hasPrefix("2 labels for 3 images in ") == true)
        let shape = try loadError(
            images: IDXFile(dimensions: [1, 27, 29], data: [UInt8](repeating: 0, count: 783)).serialized(),
            labels: IDXFile(dimensions: [1], data: [1]).serialized())
        #expect(shape?.kind == .countMismatch && shape?.message.contains("[1, 27, 29]") == true)
        let label = try loadError(images: threeImages, labels: IDXFile(dimensions: [3], data: [1, 12, 3]).serialized())
        #expect(label?.kind == .badLabel && label?.message == "label 12 at index 1 is not a digit 0-9")
        do {
            _ = try MNISTDataset.load(directory: "/nonexistent", split: .train)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .unreadable && error.path == "/nonexistent/train-images-idx3-ubyte")
        }
    }
}
