extension PipelineConfig {
    /// Largest pipeline file accepted, in UTF-8 bytes (1 MiB; the shipped files are under 2 KB).
    public static let maximumYAMLBytes = 1 << 20
    /// Deepest nesting accepted, as an upper bound taken on the text (`YAMLTextScan`); the
    /// shipped pipeline files bound under 25.
    public static let maximumYAMLDepth = 64
    /// Most aliases (`*name`) accepted. Each alias can multiply the size of the tree Yams
    /// builds and hashes (it checks mapping keys for duplicates), so a few dozen chained
    /// aliases in a small file would take hours; 16 bounds that at a few hundred times the
    /// file's size.
    public static let maximumYAMLAliases = 16

    /// Refuses YAML text over the size, nesting or alias limits, before a parser sees it.
    /// - Throws: ``PipelineConfigError`` naming `file`, the line when known, and the limit.
    static func checkLimits(yaml: String, file: String) throws(PipelineConfigError) {
        let byteCount = yaml.utf8.count
        guard byteCount <= maximumYAMLBytes else {
            throw PipelineConfigError(
                file: file, keyPath: "",
                problem:
                    "the file is \(byteCount) bytes; pipeline files are limited to \(maximumYAMLBytes) bytes (1 MiB)")
        }
        let scan = YAMLTextScan(yaml, depthLimit: maximumYAMLDepth)
        guard scan.depth <= maximumYAMLDepth else {
            throw PipelineConfigError(
                file: file, keyPath: "", line: scan.depthLine,
                problem: "nested deeper than \(maximumYAMLDepth) levels")
        }
        guard scan.aliases <= maximumYAMLAliases else {
            throw PipelineConfigError(
                file: file, keyPath: "", line: scan.aliasLines[maximumYAMLAliases],
                problem:
                    "more than \(maximumYAMLAliases) aliases (*name); an alias can expand the document, so pipeline files may use at most \(maximumYAMLAliases)"
            )
        }
    }
}
