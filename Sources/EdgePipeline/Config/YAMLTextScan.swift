/// A cheap pass over YAML text, before any parser sees it: upper bounds on how deeply it nests
/// and on how many aliases it uses, so `PipelineConfig.parse` can refuse a nesting or alias
/// bomb up front.
///
/// Both counts ignore quoting, comments and block scalars on purpose: a scanner that tried to
/// follow them would have to agree with libyaml on every corner of YAML, and wherever it did
/// not, a bomb would get through (the fuzzer found one: a `'` inside a plain scalar hid the
/// brackets after it). So the counts are bounds that hold whatever the parser makes of the text:
///
/// - Nesting: block collections enclosing a node that starts at column `c` sit at columns ≤ `c`,
///   at most two per column (a mapping and a sequence under one of its keys, `key:\n- item`),
///   and each compact `- `, `? ` or `: ` on the line can open one more; flow collections cannot
///   nest deeper than the `[` and `{` seen so far. The bound at a line is the largest
///   `2 × (c + 1) + indicators` of the lines so far plus every `[` and `{` so far.
/// - Aliases: every `*` followed by an anchor character (letter, digit, `_`, `-`) counts, since
///   libyaml reads no alias that does not look like that.
///
/// A pipeline file has a dozen collections at most and is indented a few columns (its bound is
/// about 20), so a file over the limits cannot be a valid pipeline anyway.
package struct YAMLTextScan: Equatable {
    /// Upper bound on the nesting depth.
    package var depth = 0
    /// 1-based line where `depth` first went over the limit given, or where it was reached.
    package var depthLine = 1
    /// Upper bound on the aliases.
    package var aliases = 0
    /// 1-based line of each alias candidate, in order (kept up to `aliasLineLimit`).
    package var aliasLines: [Int] = []

    /// How many alias lines are kept (enough to name the first one over any limit in use).
    static let aliasLineLimit = 1024

    /// Scans `text`; `depthLimit` only decides which line `depthLine` names.
    package init(_ text: String, depthLimit: Int = .max) {
        self =
            text.utf8.withContiguousStorageIfAvailable { Self.scan($0, depthLimit: depthLimit) }
            ?? Array(text.utf8).withUnsafeBufferPointer { Self.scan($0, depthLimit: depthLimit) }
    }

    private init() {}

    private static func scan(_ b: UnsafeBufferPointer<UInt8>, depthLimit: Int) -> YAMLTextScan {
        var result = YAMLTextScan()
        let n = b.count
        var line = 1
        var block = 0  // largest block bound of the lines so far
        var opens = 0  // `[` and `{` so far
        var i = 0
        while i < n {
            var column = 0
            while i < n {
                // Spaces, tabs and byte order marks (which libyaml skips) all count as indentation.
                let width =
                    isBlank(b[i]) ? 1 : (i + 2 < n && b[i] == 0xef && b[i + 1] == 0xbb && b[i + 2] == 0xbf ? 3 : 0)
                if width == 0 { break }
                i += width
                column += width
            }
            var indicators = 0
            var content = false
            var breakLength = 0
            while i < n {
                breakLength = lineBreakLength(b, at: i)
                if breakLength > 0 { break }
                let c = b[i]
                content = true
                if c == openBracket || c == openBrace {
                    opens += 1
                } else if c == dash || c == question || c == colon,
                    i + 1 == n || isBlank(b[i + 1]) || lineBreakLength(b, at: i + 1) > 0
                {
                    indicators += 1
                } else if c == star, i + 1 < n, isAnchorCharacter(b[i + 1]) {
                    result.aliases += 1
                    if result.aliasLines.count < aliasLineLimit { result.aliasLines.append(line) }
                }
                i += 1
            }
            if content { block = max(block, 2 * (column + 1) + indicators) }
            let depth = block + opens
            if depth > result.depth {
                if result.depth <= depthLimit { result.depthLine = line }
                result.depth = depth
            }
            i += breakLength
            line += 1
        }
        return result
    }

    // MARK: Bytes

    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let star = UInt8(ascii: "*")
    private static let dash = UInt8(ascii: "-")
    private static let question = UInt8(ascii: "?")
    private static let colon = UInt8(ascii: ":")
    private static let openBracket = UInt8(ascii: "[")
    private static let openBrace = UInt8(ascii: "{")

    private static func isBlank(_ c: UInt8) -> Bool { c == space || c == tab }

    /// Length of the line break at `i` as libyaml reads them (`\r\n`, `\r`, `\n`, NEL, LS,
    /// PS), 0 when there is none.
    private static func lineBreakLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        switch b[i] {
        case UInt8(ascii: "\n"): return 1
        case UInt8(ascii: "\r"): return i + 1 < b.count && b[i + 1] == UInt8(ascii: "\n") ? 2 : 1
        case 0xc2: return i + 1 < b.count && b[i + 1] == 0x85 ? 2 : 0
        case 0xe2: return i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xa8 || b[i + 2] == 0xa9) ? 3 : 0
        default: return 0
        }
    }

    /// libyaml's anchor characters (`IS_ALPHA`).
    private static func isAnchorCharacter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
            || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || c == UInt8(ascii: "_") || c == dash
    }
}
