extension SafetensorsFile {
    /// Reads and parses the safetensors file at `path`.
    /// - Throws: `ModelFileError` naming `path` and the problem (unreadable, or any
    ///   `SafetensorsError`).
    public init(contentsOf path: String) throws(ModelFileError) {
        let bytes = try FileIO.read(path)
        do {
            try self.init(bytes: bytes)
        } catch {
            throw ModelFileError(path: path, problem: error.description)
        }
    }

    /// Writes the file to `path`, replacing it atomically.
    /// - Throws: `ModelFileError` naming `path` when it cannot be written.
    public func write(to path: String) throws(ModelFileError) {
        try FileIO.write(serialized(), to: path)
    }
}
