/// The release of the `edge` tool, printed by `edge --version` and named in messages.
public enum EdgeVersion {
    public static let release = "0.3.0"
}
