#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SyntheticCamera {
    /// Writes frames `0..<count` as PNG files `synth_<index, 5 digits>_<label>.png` into
    /// `directory` (created if missing), with a `labels.csv` (`file,label`), so a synthetic
    /// stream can be replayed as a folder.
    /// - Returns: the file names written, in frame order.
    /// - Throws: `PNGError` (kind `.unwritable`) naming the file that could not be written.
    @discardableResult
    public func writeFrames(count: Int, to directory: String) throws(PNGError) -> [String] {
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw PNGError(.unwritable, path: directory, message: "cannot create the folder: \(String(cString: strerror(errno)))")
        }
        var names: [String] = []
        var csv = "file,label\n"
        for index in 0..<count {
            let frame = render(frame: index)
            let digits = String(index)
            let name = "synth_" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + "_\(frame.label).png"
            try PNGCodec.write(frame.image, to: directory + "/" + name)
            names.append(name)
            csv += "\(name),\(frame.label)\n"
        }
        let path = directory + "/labels.csv"
        guard let file = fopen(path, "w") else {
            throw PNGError(.unwritable, path: path, message: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        let bytes = Array(csv.utf8)
        guard fwrite(bytes, 1, bytes.count, file) == bytes.count else {
            throw PNGError(.unwritable, path: path, message: "short write")
        }
        return names
    }
}
