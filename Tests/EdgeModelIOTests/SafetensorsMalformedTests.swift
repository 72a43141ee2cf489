import EdgeGraph
import EdgeTensor
import Foundation
import Testing

@testable import EdgeModelIO

/// A safetensors file from a hand-written header and data section.
func craft(_ header: String, data: [UInt8]) -> [UInt8] {
    var headerBytes = Array(header.utf8)
    while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
    var bytes = [UInt8]()
    withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { bytes.append(contentsOf: $0) }
    return bytes + headerBytes + data
}

@Suite("malformed safetensors")
struct SafetensorsMalformedTests {
    let validBytes = DigitCNNWeights(seed: 5).safetensors.serialized()

    func expectError(_ bytes: [UInt8], _ expected: SafetensorsError, sourceLocation: SourceLocation = #_sourceLocation)
    {
        #expect(throws: expected, sourceLocation: sourceLocation) { try SafetensorsFile(bytes: bytes) }
    }

    @Test("empty and too-short files")
    func tooShort() {
        expectError([], .tooShort(byteCount: 0))
        expectError([1, 2, 3], .tooShort(byteCount: 3))
        #expect(
            SafetensorsError.tooShort(byteCount: 3).description == "file is 3 bytes, too short for a safetensors header"
        )
    }

    @Test("a header length pointing past the end (truncated inside the header, or lying)")
    func headerLength() {
        expectError(
            Array(validBytes.prefix(50)),
            .headerLength(claimed: UInt64(validBytes[0]) | UInt64(validBytes[1]) << 8, available: 42))
        var lying = validBytes
        lying[5] = 0x01  // claims ~1 TB of header
        expectError(
            lying,
            .headerLength(
                claimed: 1 << 40 | UInt64(validBytes[0]) | UInt64(validBytes[1]) << 8,
                available: validBytes.count - 8))
    }

    @Test("a file cut inside the data names the tensor that is cut")
    func truncatedData() throws {
        let cut = Array(validBytes.dropLast(20))
        #expect(
            throws: SafetensorsError.truncated(
                tensor: "fc2.bias", end: validBytes.count - 8 - headerLength(validBytes),
                available: validBytes.count - 28 - headerLength(validBytes))
        ) {
            try SafetensorsFile(bytes: cut)
        }
    }

    func headerLength(_ bytes: [UInt8]) -> Int {
        bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    }

    @Test("headers that are not JSON objects")
    func notJSON() {
        expectError(craft("not json at all", data: []), .header("not valid JSON"))
        expectError(craft("[1,2,3]", data: []), .header("not a JSON object"))
        expectError(
            craft("{\"__metadata__\":{\"format\":3}}", data: []), .header("__metadata__ value 'format' is not a string")
        )
        expectError(craft("\u{FF}", data: []).replacingByte(at: 8, with: 0xFF), .header("not UTF-8"))
    }

    @Test("entries that lie about their size, type or offsets")
    func lyingEntries() {
        let four = [UInt8](repeating: 0, count: 16)
        expectError(
            craft(#"{"a":{"dtype":"F32","shape":[5],"data_offsets":[0,16]}}"#, data: four),
            .entry("a", problem: "data_offsets [0, 16] hold 16 bytes but F32 [5] needs 20"))
        expectError(
            craft(#"{"a":{"dtype":"F33","shape":[4],"data_offsets":[0,16]}}"#, data: four),
            .entry("a", problem: "unknown dtype \"F33\""))
        expectError(
            craft(#"{"a":{"dtype":"F32","shape":[-4],"data_offsets":[0,16]}}"#, data: four),
            .entry("a", problem: "shape has an entry that is not a non-negative integer"))
        expectError(
            craft(#"{"a":{"dtype":"F32","shape":[4],"data_offsets":[16,0]}}"#, data: four),
            .entry("a", problem: "data_offsets [16, 0] run backwards"))
        expectError(
            craft(#"{"a":{"dtype":"F32","shape":[4]}}"#, data: four),
            .entry("a", problem: "\"data_offsets\" must be two non-negative integers"))
        expectError(
            craft(#"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,16]}}"#, data: four),
            .entry("a", problem: "shape [4611686018427387904,4]: 4611686018427387904 × 4 overflows"))
        // A product that fits in Int but no real tensor has: refused before any arithmetic on it.
        expectError(
            craft(#"{"a":{"dtype":"F32","shape":[1073741824,1073741824],"data_offsets":[0,16]}}"#, data: four),
            .entry(
                "a",
                problem:
                    "shape [1073741824,1073741824]: 1073741824 × 1073741824 = 1152921504606846976 exceeds the limit of 1099511627776"
            ))
        expectError(
            craft(
                #"{"a":{"dtype":"F32","shape":[4294967295,4294967295,4294967295],"data_offsets":[0,16]}}"#, data: four),
            .entry(
                "a", problem: "shape [4294967295,4294967295,4294967295]: 4294967295 × 4294967295 × 4294967295 overflows"
            ))
        // No element, but strides that would overflow (found by the safetensors fuzzer).
        expectError(
            craft(#"{"a":{"dtype":"F32","shape":[0,4294967296,4294967296],"data_offsets":[0,0]}}"#, data: []),
            .entry("a", problem: "shape [0,4294967296,4294967296]: 4294967296 × 4294967296 overflows"))
    }

    @Test("tensors that overlap, leave gaps, or leave trailing bytes")
    func layout() {
        let data = [UInt8](repeating: 0, count: 16)
        expectError(
            craft(
                #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
                data: data),
            .layout("tensor 'b' at data bytes 4..<12 overlaps the previous tensor"))
        expectError(
            craft(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#, data: data),
            .layout("gap of 8 bytes before tensor 'a'"))
        expectError(
            craft(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: data),
            .layout("8 bytes after the last tensor"))
    }

    @Test("DigitCNN keys: missing, unexpected, wrong shape, wrong dtype — one line naming the file and key")
    func stateDictErrors() throws {
        let path = temporaryPath("bad.safetensors")
        defer { unlink(path) }
        let good = try SafetensorsFile(bytes: validBytes)

        func writeAndLoad(_ file: SafetensorsFile) -> String {
            do {
                try file.write(to: path)
                _ = try DigitCNNWeights(contentsOf: path)
                return "loaded"
            } catch {
                return error.description
            }
        }
        var file = SafetensorsFile()
        for name in good.names where name != "fc2.bias" { file.set(name, good[name]!) }
        #expect(writeAndLoad(file) == "\(path): tensor 'fc2.bias': missing from the file")

        file = good
        file.set("fc3.weight", SafetensorsTensor(Tensor<Float>(shape: [2])))
        #expect(
            writeAndLoad(file) == "\(path): tensor 'fc3.weight': unexpected key (not part of a DigitCNN state_dict)")

        file = good
        file.set("fc1.weight", SafetensorsTensor(Tensor<Float>(shape: [80, 3135])))
        #expect(writeAndLoad(file) == "\(path): tensor 'fc1.weight': shape [80,3135], expected [80,3136]")

        file = good
        file.set(
            "conv1.bias", SafetensorsTensor(dtype: .float64, shape: [32], bytes: [UInt8](repeating: 0, count: 256)))
        #expect(writeAndLoad(file) == "\(path): tensor 'conv1.bias': dtype F64, expected F32")

        file = good
        file.set("bn1.num_batches_tracked", SafetensorsTensor(Tensor<Float>(shape: [])))
        #expect(writeAndLoad(file) == "\(path): tensor 'bn1.num_batches_tracked': dtype F32, expected I64")

        // Values no trained network holds: refused at load, naming the tensor and the element.
        func withValue(_ name: String, _ value: Float, at index: Int) -> SafetensorsFile {
            var tensor = good[name]!.floatTensor!
            tensor.withUnsafeMutableBufferPointer { $0[index] = value }
            var copy = good
            copy.set(name, SafetensorsTensor(tensor))
            return copy
        }
        #expect(
            writeAndLoad(withValue("conv1.weight", .nan, at: 7))
                == "\(path): tensor 'conv1.weight': holds a non-finite value (nan) at element 7")
        #expect(
            writeAndLoad(withValue("fc1.bias", -.infinity, at: 0))
                == "\(path): tensor 'fc1.bias': holds a non-finite value (-inf) at element 0")
        #expect(
            writeAndLoad(withValue("bn2.running_var", -0.5, at: 3))
                == "\(path): tensor 'bn2.running_var': holds a negative variance (-0.5) at element 3")
        #expect(writeAndLoad(withValue("bn2.running_mean", -0.5, at: 3)) == "loaded")

        // Counters may be absent (PyTorch's load_state_dict accepts that too).
        file = SafetensorsFile()
        for name in good.names where !name.hasSuffix("num_batches_tracked") { file.set(name, good[name]!) }
        #expect(writeAndLoad(file) == "loaded")
    }

    @Test("unreadable paths name the file and the system's reason")
    func unreadable() {
        #expect(
            throws: ModelFileError(
                path: "/nonexistent/m.safetensors", problem: "cannot open: No such file or directory")
        ) {
            try DigitCNNWeights(contentsOf: "/nonexistent/m.safetensors")
        }
        #expect(throws: ModelFileError(path: "/tmp", problem: "is a directory")) {
            try SafetensorsFile(contentsOf: "/tmp")
        }
        #expect(throws: ModelFileError(path: "/dev/zero", problem: "not a regular file")) {
            try SafetensorsFile(contentsOf: "/dev/zero")
        }
    }
}

extension Array where Element == UInt8 {
    func replacingByte(at index: Int, with value: UInt8) -> [UInt8] {
        var copy = self
        copy[index] = value
        return copy
    }
}
