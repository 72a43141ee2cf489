import Foundation
import Testing

/// Runs the built `edge` executable as a subprocess, the way a user or a script does, so tests
/// see the real exit code, stdout and stderr.
///
/// The binary is the one `swift test` built beside the test bundle (`.build/<triple>/debug`,
/// or `release` under `-c release`); `EDGE_BINARY` overrides the search.
enum EdgeProcess {
    /// What one run produced.
    struct Result: CustomStringConvertible {
        var arguments: [String]
        /// The exit code, or the signal number when `signaled`.
        var status: Int32
        /// True when the process died from a signal (a crash), not an exit.
        var signaled: Bool
        var stdout: String
        var stderr: String

        /// The non-empty lines written to stderr.
        var stderrLines: [String] {
            stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        }

        var description: String {
            "edge \(arguments.joined(separator: " ")) -> \(signaled ? "signal" : "exit") \(status)\n"
                + "stdout: \(stdout.prefix(2000))\nstderr: \(stderr.prefix(2000))"
        }
    }

    /// Where the executable is, or nil when no candidate exists.
    static let executable: String? = candidates().first { access($0, X_OK) == 0 }

    private static func candidates() -> [String] {
        var paths: [String] = []
        if let override = ProcessInfo.processInfo.environment["EDGE_BINARY"] { paths.append(override) }
        // Linux: the test runner is `<products>/EdgeLoopPackageTests.xctest` itself.
        if let runner = Bundle.main.executableURL { paths.append(runner.deletingLastPathComponent().path + "/edge") }
        // macOS: the tests are a `.xctest` bundle inside the products folder.
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            paths.append(bundle.bundleURL.deletingLastPathComponent().path + "/edge")
        }
        paths.append(Repository.root + "/.build/debug/edge")
        let build = Repository.root + "/.build"
        for triple in (try? FileManager.default.contentsOfDirectory(atPath: build))?.sorted() ?? [] {
            paths.append("\(build)/\(triple)/debug/edge")
        }
        return paths
    }

    /// Runs `edge arguments...` in `directory` (the repository root by default, so the
    /// commands' default paths like `models/` and `samples/` resolve) and waits for it.
    /// stdout and stderr go to files, so a large output cannot block the child on a full pipe.
    /// - Parameter interrupt: a signal to send while the command runs (a user's Ctrl-C).
    /// - Throws: when the binary is missing or cannot be started.
    static func run(
        _ arguments: [String], in directory: String = Repository.root,
        environment: [String: String] = [:], interrupt: Interrupt? = nil
    ) throws -> Result {
        let executable = try #require(
            executable, "the edge binary was not found; build it with `swift build --product edge`")
        let scratch = try TemporaryFolder(prefix: "edge-process")
        defer { scratch.remove() }
        let outPath = scratch.file("stdout")
        let errPath = scratch.file("stderr")
        try #require(FileManager.default.createFile(atPath: outPath, contents: nil))
        try #require(FileManager.default.createFile(atPath: errPath, contents: nil))
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["COLUMNS"] = "80"  // help text wraps the same on a terminal and in CI
        env.merge(environment) { $1 }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        if let interrupt {
            // Wait (at most 60 s) until the command is visibly at work, then a little longer.
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning && !interrupt.ready() && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            }
            Thread.sleep(forTimeInterval: interrupt.delay)
            if process.isRunning { kill(process.processIdentifier, interrupt.signal) }
        }
        process.waitUntilExit()
        try out.close()
        try err.close()

        return Result(
            arguments: arguments,
            status: process.terminationStatus,
            signaled: process.terminationReason == .uncaughtSignal,
            stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
            stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
    }
}

/// A signal `EdgeProcess.run` sends `delay` seconds after `ready()` first returns true.
struct Interrupt {
    var signal: Int32
    var delay: TimeInterval
    var ready: () -> Bool
}

/// A fresh folder under the system's temporary directory; callers `defer { folder.remove() }`.
struct TemporaryFolder {
    let path: String

    init(prefix: String) throws {
        path = NSTemporaryDirectory() + "\(prefix)-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// `name` inside the folder.
    func file(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
