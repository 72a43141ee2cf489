import EdgeIO

extension SyntheticCamera {
    /// True for the names ``writeFrames(count:to:)`` writes: `synth_<digits>_<digit>.png` and
    /// `labels.csv`. Only these are ever replaced in a folder that holds other files.
    public static func isOwnFile(_ name: String) -> Bool {
        if name == "labels.csv" { return true }
        guard name.hasPrefix("synth_"), name.hasSuffix(".png") else { return false }
        let parts = name.dropFirst("synth_".count).dropLast(".png".count).split(
            separator: "_", omittingEmptySubsequences: false)
        return parts.count == 2
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    /// Makes `directory` ready for ``writeFrames(count:to:)``: creates it if missing; an empty
    /// folder is used as it is. A folder with files in it is refused unless `force`, and then
    /// only our own earlier frames and `labels.csv` are removed (other files stay), so the new
    /// `labels.csv` describes every synthetic frame in the folder.
    /// - Throws: `IOError` naming the folder or the file that failed.
    public static func prepareFolder(_ directory: String, force: Bool) throws(IOError) {
        switch FileSystem.kind(of: directory) {
        case nil:
            try FileSystem.makeDirectories(directory)
            return
        case .directory?:
            break
        default:
            throw IOError(path: directory, problem: "exists and is not a folder")
        }
        let names = try FileSystem.contentsOfDirectory(directory)
        guard !names.isEmpty else { return }
        guard force else {
            throw IOError(
                path: directory,
                problem:
                    "folder is not empty (\(names.count) entries); pass --force to replace the synthetic frames and labels.csv in it"
            )
        }
        for name in names where isOwnFile(name) {
            try FileSystem.remove(directory + "/" + name)
        }
    }

    /// Writes frames `0..<count` as PNG files `synth_<index, 5 digits>_<label>.png` into
    /// `directory` (created if missing), with a `labels.csv` (`file,label`), so a synthetic
    /// stream can be replayed as a folder. Call ``prepareFolder(_:force:)`` first to start
    /// from a folder without earlier frames.
    /// - Returns: the file names written, in frame order.
    /// - Throws: `PNGError` (kind `.unwritable`) naming the file that could not be written.
    @discardableResult
    public func writeFrames(count: Int, to directory: String) throws(PNGError) -> [String] {
        if FileSystem.kind(of: directory) == nil {
            do {
                try FileSystem.makeDirectories(directory)
            } catch {
                throw PNGError(.unwritable, path: error.path, message: error.problem)
            }
        }
        var entries: [LabelsFile.Entry] = []
        for index in 0..<count {
            let frame = render(frame: index)
            let digits = String(index)
            let name =
                "synth_" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + "_\(frame.label).png"
            try PNGCodec.write(frame.image, to: directory + "/" + name)
            entries.append(LabelsFile.Entry(file: name, label: frame.label))
        }
        let path = directory + "/labels.csv"
        do {
            try OutputPath(path).write(LabelsFile(entries: entries).text)
        } catch {
            throw PNGError(.unwritable, path: path, message: error.problem)
        }
        return entries.map(\.file)
    }
}
