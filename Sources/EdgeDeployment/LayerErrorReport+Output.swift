import EdgeIO
import EdgeQuantization

extension LayerErrorReport {
    /// The report as `edge quantize --json` and `--report FILE` write it (docs/quantization.md).
    public func json(method: CalibrationMethod) -> JSONValue {
        func number(_ value: Double) -> JSONValue { value.isFinite ? .double(value) : .null }
        func activation(_ p: ActivationQuantization?) -> JSONValue {
            guard let p else { return .null }
            return .object([
                ("tensor", .string(p.tensor)), ("type", .string(p.type.rawValue)), ("scale", .double(Double(p.scale))),
                ("zero_point", .int(Int(p.zeroPoint))), ("observed_min", .double(Double(p.observedMin))),
                ("observed_max", .double(Double(p.observedMax))), ("range_min", .double(Double(p.lower))),
                ("range_max", .double(Double(p.upper))), ("shared_from", p.sharedFrom.map(JSONValue.string) ?? .null),
            ])
        }
        return .object([
            ("method", .string(method.description)), ("images", .int(imageCount)),
            (
                "layers",
                .array(
                    entries.map { e in
                        .object([
                            ("node", .string(e.layer.node)), ("op", .string(e.layer.op.rawValue)),
                            ("fused_activation", e.layer.fusedActivation.map(JSONValue.string) ?? .null),
                            ("input", activation(e.input)), ("output", activation(e.output)),
                            ("weight_scale_min", .double(Double(e.layer.weightScales.min()!))),
                            ("weight_scale_max", .double(Double(e.layer.weightScales.max()!))),
                            ("bias_int32", .bool(e.layer.biasQuantized)),
                            ("input_clipping", .double(e.inputClipping)),
                            ("output_clipping", .double(e.outputClipping)), ("sqnr_db", number(e.sqnrDB)),
                            ("cosine", .double(e.cosine)), ("max_abs_error", .double(Double(e.maxAbsError))),
                        ])
                    })
            ),
        ])
    }

    /// The report as a table, worst layer first.
    public var table: [String] {
        func fixed(_ value: Double, _ digits: Int) -> String {
            guard value.isFinite else { return "inf" }
            var scale = 1.0
            for _ in 0..<digits { scale *= 10 }
            let rounded = (value * scale).rounded() / scale
            var text = "\(rounded)"
            let decimals = text.split(separator: ".").last.map(\.count) ?? 0
            if !text.contains("e") { text += String(repeating: "0", count: max(0, digits - decimals)) }
            return text
        }
        func cell(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
        let widths = [14, 14, 14, 14, 8, 8, 9, 10, 10]
        var lines = [
            zip(
                ["layer", "in scale", "in zp/clip%", "out scale", "out zp", "clip%", "SQNR dB", "cosine", "max|err|"],
                widths
            ).map { cell($0, $1) }.joined()
        ]
        for e in entries {
            let name = e.layer.node + (e.layer.fusedActivation.map { "+" + $0 } ?? "")
            let row = [
                name, "\(e.input.scale)", "\(e.input.zeroPoint)/\(fixed(e.inputClipping * 100, 3))",
                e.output.map { "\($0.scale)" } ?? "float", e.output.map { "\($0.zeroPoint)" } ?? "-",
                e.output == nil ? "-" : fixed(e.outputClipping * 100, 3), fixed(e.sqnrDB, 2), fixed(e.cosine, 5),
                fixed(Double(e.maxAbsError), 4),
            ]
            lines.append(zip(row, widths).map { cell($0, $1) }.joined())
        }
        return lines
    }
}
