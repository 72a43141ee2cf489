import ArgumentParser
import Foundation
import Testing

@testable import EdgeCLI

/// The help text is part of the interface (STYLE.md 11): every subcommand is listed with its
/// one-line abstract, and every subcommand's help names its arguments and options.
@Suite("edge --help")
struct CLIHelpTests {
    /// Wide enough that no abstract or option help wraps.
    static let wide = 1000

    /// The subcommands DESIGN.md's command line promises today, in the order `edge --help` lists them.
    static let expectedSubcommands = ["run", "infer", "eval", "inspect", "train", "image", "synth"]

    /// Each subcommand's arguments and options (as spelled in its help).
    static let expectedOptions: [(command: any ParsableCommand.Type, options: [String])] = [
        (
            RunCommand.self,
            [
                "<pipeline>", "--variant", "--model", "--frames", "--seconds", "--workers",
                "--report", "--trace", "--compare-loop",
            ]
        ),
        (InferCommand.self, ["<images>", "--variant", "--model", "--json", "--repeats"]),
        (EvalCommand.self, ["--variant", "--model", "--data", "--json", "--predictions"]),
        (InspectCommand.self, ["<model>", "--json"]),
        (TrainCommand.self, ["--data", "--epochs", "--seed", "--batch-size", "--learning-rate", "--out", "--json"]),
        (ImageInfoCommand.self, ["<png>", "--json"]),
        (ImagePreprocessCommand.self, ["<png>", "-o, --output", "--background", "--json"]),
        (SynthCommand.self, ["--frames", "--out", "--seed", "--width", "--height", "--rgb", "--digits"]),
    ]

    /// The help entry that documents `option` (its synopsis starts a line) as one line: the
    /// synopsis, then the description, including continuation lines when the synopsis is too
    /// long to share its line with the description.
    static func line(documenting option: String, in help: String) -> String? {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard
            let start = lines.firstIndex(where: {
                let trimmed = $0.trimmingCharacters(in: .whitespaces)
                return trimmed.hasPrefix(option + " ") || trimmed == option
            })
        else { return nil }
        var entry = lines[start].trimmingCharacters(in: .whitespaces)
        for next in lines[(start + 1)...] {
            guard next.hasPrefix(String(repeating: " ", count: 10)) else { break }
            entry += "  " + next.trimmingCharacters(in: .whitespaces)
        }
        return entry
    }

    /// The description part of a help entry: what follows the synopsis's two-space gap.
    static func description(of entry: String) -> String {
        guard let gap = entry.range(of: "  ") else { return "" }
        return entry[gap.upperBound...].trimmingCharacters(in: .whitespaces)
    }

    @Test("edge --help lists every subcommand with its one-line abstract")
    func rootListsSubcommands() throws {
        let subcommands = Edge.configuration.subcommands
        let names = subcommands.map { $0.configuration.commandName ?? "" }
        // Others may add commands (bench, memory, ...); these must stay, in this order.
        #expect(names.filter(Self.expectedSubcommands.contains) == Self.expectedSubcommands)

        let help = Edge.helpMessage(columns: Self.wide)
        #expect(help.hasPrefix("OVERVIEW: Simulate an always-on edge-AI device and measure it honestly."))
        #expect(help.contains("USAGE: edge <subcommand>"))
        for command in subcommands {
            let name = try #require(command.configuration.commandName)
            let abstract = command.configuration.abstract
            #expect(!abstract.isEmpty && !abstract.contains("\n"), "\(name): abstract must be one line")
            #expect(abstract.hasSuffix("."), "\(name): abstract is a sentence")
            let line = try #require(Self.line(documenting: name, in: help), "\(name) missing from edge --help")
            #expect(line.hasSuffix(" " + abstract), "\(name): \(line)")
        }
    }

    @Test("edge image --help lists info and preprocess with their abstracts")
    func imageListsSubcommands() throws {
        let help = Edge.helpMessage(for: ImageCommand.self, columns: Self.wide)
        #expect(help.contains("USAGE: edge image <subcommand>"))
        #expect(ImageCommand.configuration.subcommands.map { $0.configuration.commandName } == ["info", "preprocess"])
        for command in ImageCommand.configuration.subcommands {
            let name = try #require(command.configuration.commandName)
            let line = try #require(Self.line(documenting: name, in: help), "\(name) missing from edge image --help")
            #expect(line.hasSuffix(" " + command.configuration.abstract))
        }
    }

    @Test("each subcommand's help documents its arguments and options", arguments: 0..<8)
    func subcommandOptions(index: Int) throws {
        let (command, options) = Self.expectedOptions[index]
        let help = Edge.helpMessage(for: command, columns: Self.wide)
        #expect(help.contains("OVERVIEW: " + command.configuration.abstract))
        for option in options {
            let line = try #require(
                Self.line(documenting: option, in: help),
                "\(command.configuration.commandName ?? "?"): \(option) not documented")
            // The synopsis is followed by a description, not left bare.
            #expect(Self.description(of: line).count > 10, "\(option) has no help text: \(line)")
        }
        #expect(help.contains("-h, --help"))
    }

    /// Every command in the tree, depth first: `edge`, `edge run`, ..., `edge image info`, ...
    static func allCommands(from root: any ParsableCommand.Type = Edge.self) -> [any ParsableCommand.Type] {
        [root] + root.configuration.subcommands.flatMap { allCommands(from: $0) }
    }

    @Test("every argument, option and subcommand of every command has help text")
    func everyEntryDocumented() throws {
        let commands = Self.allCommands()
        #expect(commands.count >= 10)
        for command in commands {
            let help = Edge.helpMessage(for: command, columns: Self.wide)
            var section = ""
            var entries: [String] = []
            for line in help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                if line.hasSuffix(":") && !line.hasPrefix(" ") {
                    section = line
                    continue
                }
                guard ["ARGUMENTS:", "OPTIONS:", "SUBCOMMANDS:"].contains(section), line.hasPrefix("  ") else {
                    continue
                }
                if line.hasPrefix(String(repeating: " ", count: 10)), !entries.isEmpty {
                    entries[entries.count - 1] += "  " + line.trimmingCharacters(in: .whitespaces)
                } else if !line.hasPrefix("  See ") {
                    entries.append(line.trimmingCharacters(in: .whitespaces))
                }
            }
            let name = command == Edge.self ? "edge" : (command.configuration.commandName ?? "?")
            #expect(!entries.isEmpty, "\(name) help lists nothing")
            for entry in entries {
                #expect(!Self.description(of: entry).isEmpty, "\(name): '\(entry)' has no help text")
            }
        }
    }

    @Test("defaults shown in help are the paths and values DESIGN.md names")
    func defaults() throws {
        let eval = Edge.helpMessage(for: EvalCommand.self, columns: Self.wide)
        #expect(try #require(Self.line(documenting: "--data <data>", in: eval)).hasSuffix("(default: samples/mnist)"))
        #expect(
            try #require(Self.line(documenting: "--variant <variant>", in: eval)).hasSuffix(
                "(values: eager, frozen, quantized; default: eager)"))
        let train = Edge.helpMessage(for: TrainCommand.self, columns: Self.wide)
        #expect(
            try #require(Self.line(documenting: "--out <out>", in: train)).hasSuffix(
                "(default: models/baseline_cnn.safetensors)"))
        #expect(try #require(Self.line(documenting: "--data <data>", in: train)).hasSuffix("(default: samples/mnist)"))
        #expect(try #require(Self.line(documenting: "--epochs <epochs>", in: train)).hasSuffix("(default: 15)"))
        #expect(try #require(Self.line(documenting: "--batch-size <batch-size>", in: train)).hasSuffix("(default: 64)"))
        let preprocess = Edge.helpMessage(for: ImagePreprocessCommand.self, columns: Self.wide)
        #expect(
            try #require(Self.line(documenting: "--background <background>", in: preprocess)).hasSuffix(
                "(default: 255)"))
    }

    @Test("the binary prints the same help: edge --help, edge help <command>, edge <command> --help")
    func binaryHelp() throws {
        let root = try EdgeProcess.run(["--help"])
        #expect(root.status == 0 && !root.signaled, "\(root)")
        #expect(root.stdout == Edge.helpMessage(columns: 80) + "\n")
        #expect(root.stderr.isEmpty)

        let train = try EdgeProcess.run(["help", "train"])
        #expect(train.status == 0, "\(train)")
        #expect(train.stdout == Edge.helpMessage(for: TrainCommand.self, columns: 80) + "\n")

        let preprocess = try EdgeProcess.run(["image", "preprocess", "--help"])
        #expect(preprocess.status == 0, "\(preprocess)")
        #expect(preprocess.stdout == Edge.helpMessage(for: ImagePreprocessCommand.self, columns: 80) + "\n")
    }
}
