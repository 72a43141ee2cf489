/// A cheap pass over YAML text, before any parser sees it: how deeply it nests and how many
/// aliases it may use, so `PipelineConfig.parse` can refuse a nesting or alias bomb up front.
///
/// Nesting is counted on the text, not parsed: each open flow collection (`[`, `{` outside
/// quoted scalars and comments) is one level, and so is each open block indentation level
/// (a line indented deeper than the one before opens a level; a compact `- ` or `? ` on the
/// same line opens another). Block scalar content (`|`, `>`) is skipped. The count can be
/// higher than the parser's (e.g. a multi-line plain scalar whose lines keep indenting); libyaml's
/// own nesting limit backs it up where the two differ.
///
/// Aliases are over-counted on purpose: every `*` followed by an anchor character (letter,
/// digit, `_`, `-`) counts, even inside a string or comment, since libyaml reads no alias
/// that this misses.
struct YAMLTextScan: Equatable {
    /// Deepest nesting seen.
    var depth = 0
    /// 1-based line where the nesting first went deeper than the limit given, or where `depth`
    /// was first reached when it never did.
    var depthLine = 1
    /// `*name` occurrences (an upper bound on the aliases).
    var aliases = 0
    /// 1-based line of each alias candidate, in order (kept up to `aliasLineLimit`).
    var aliasLines: [Int] = []

    /// How many alias lines are kept (enough to name the first one over any limit in use).
    static let aliasLineLimit = 1024

    /// Scans `text`; `depthLimit` only decides which line `depthLine` names.
    init(_ text: String, depthLimit: Int = .max) {
        self = text.utf8.withContiguousStorageIfAvailable { Self.scan($0, depthLimit: depthLimit) }
            ?? Array(text.utf8).withUnsafeBufferPointer { Self.scan($0, depthLimit: depthLimit) }
    }

    private init() {}

    // MARK: The scan

    private static func scan(_ b: UnsafeBufferPointer<UInt8>, depthLimit: Int) -> YAMLTextScan {
        var result = YAMLTextScan()
        let n = b.count
        var line = 1
        var flow = 0
        var block: [Int] = []  // columns of the open block levels
        var quote: UInt8 = 0  // open quoted scalar: `"` or `'`, 0 for none
        var blockScalarParent: Int?  // lines indented deeper than this are block scalar content
        var i = 0

        func record(_ depth: Int, _ line: Int, into result: inout YAMLTextScan) {
            guard depth > result.depth else { return }
            if result.depth <= depthLimit { result.depthLine = line }
            result.depth = depth
        }

        while i < n {
            var lineEnd = i
            while lineEnd < n, b[lineEnd] != newline { lineEnd += 1 }
            // Aliases first, on the raw line: nothing is exempt.
            var k = i
            while k + 1 < lineEnd {
                if b[k] == star, isAnchorCharacter(b[k + 1]) {
                    result.aliases += 1
                    if result.aliasLines.count < aliasLineLimit { result.aliasLines.append(line) }
                }
                k += 1
            }
            var column = 0
            while i + column < lineEnd, b[i + column] == space { column += 1 }
            var position = i + column
            let blank = (position..<lineEnd).allSatisfy { isBlank(b[$0]) }

            if let parent = blockScalarParent {
                if blank || column > parent {
                    i = lineEnd + 1
                    line += 1
                    continue
                }
                blockScalarParent = nil
            }
            let comment = quote == 0 && position < lineEnd && b[position] == hash
            if quote == 0, flow == 0, !blank, !comment {
                while let top = block.last, top >= column { block.removeLast() }
                block.append(column)
                record(block.count, line, into: &result)
            }

            var tokenStart = true
            while position < lineEnd {
                let c = b[position]
                if quote != 0 {
                    if quote == doubleQuote, c == backslash {
                        position += 2
                        continue
                    }
                    if c == quote {
                        if quote == singleQuote, position + 1 < lineEnd, b[position + 1] == singleQuote {
                            position += 2
                            continue
                        }
                        quote = 0
                    }
                    position += 1
                    tokenStart = false
                    continue
                }
                if tokenStart {
                    if c == hash { break }  // a comment runs to the end of the line
                    if c == doubleQuote || c == singleQuote {
                        quote = c
                        position += 1
                        tokenStart = false
                        continue
                    }
                    if flow == 0, c == dash || c == question,
                       position + 1 >= lineEnd || isBlank(b[position + 1]) {
                        // A compact nested node on the same line: `- - x`, `- key: v`, `? key`.
                        var next = position + 1
                        while next < lineEnd, isBlank(b[next]) { next += 1 }
                        if next < lineEnd, b[next] != hash {
                            block.append(next - i)
                            record(block.count, line, into: &result)
                        }
                        position = next
                        continue
                    }
                    if flow == 0, c == pipe || c == greater, isBlockScalarHeader(b, from: position + 1, to: lineEnd) {
                        blockScalarParent = column
                    }
                }
                if c == openBracket || c == openBrace, flow > 0 || tokenStart {
                    flow += 1
                    record(block.count + flow, line, into: &result)
                } else if flow > 0, c == closeBracket || c == closeBrace {
                    flow -= 1
                }
                tokenStart = isBlank(c) || c == openBracket || c == openBrace || (flow > 0 && c == comma)
                position += 1
            }
            i = lineEnd + 1
            line += 1
        }
        return result
    }

    // MARK: Bytes

    private static let newline = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")
    private static let star = UInt8(ascii: "*")
    private static let hash = UInt8(ascii: "#")
    private static let dash = UInt8(ascii: "-")
    private static let question = UInt8(ascii: "?")
    private static let pipe = UInt8(ascii: "|")
    private static let greater = UInt8(ascii: ">")
    private static let comma = UInt8(ascii: ",")
    private static let backslash = UInt8(ascii: "\\")
    private static let doubleQuote = UInt8(ascii: "\"")
    private static let singleQuote = UInt8(ascii: "'")
    private static let openBracket = UInt8(ascii: "[")
    private static let closeBracket = UInt8(ascii: "]")
    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")

    /// Whether `b[from..<to]`, the rest of a line after `|` or `>`, is a block scalar header's
    /// tail: indentation and chomping indicators, then blanks or a comment.
    private static func isBlockScalarHeader(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        var k = from
        while k < to, b[k] == UInt8(ascii: "+") || b[k] == dash || (b[k] >= UInt8(ascii: "1") && b[k] <= UInt8(ascii: "9")) {
            k += 1
        }
        while k < to, isBlank(b[k]) { k += 1 }
        return k == to || (b[k] == hash && k > from && isBlank(b[k - 1]))
    }

    private static func isBlank(_ c: UInt8) -> Bool {
        c == space || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r")
    }

    /// libyaml's anchor characters (`IS_ALPHA`).
    private static func isAnchorCharacter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
            || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || c == UInt8(ascii: "_") || c == dash
    }
}
