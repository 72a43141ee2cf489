/// The release of the `edge` tool, printed by `edge --version`.
enum EdgeVersion {
    static let release = "0.2.0"
}
