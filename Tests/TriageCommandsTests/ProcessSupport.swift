import Foundation

/// Running the built `billtriage` as a separate process, with its own environment.
enum BT {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var executable: URL {
        if let env = ProcessInfo.processInfo.environment["BILLTRIAGE_BIN"] { return URL(fileURLWithPath: env) }
        let here = Bundle.main.bundleURL
        let candidates = [here.appendingPathComponent("billtriage"), here.deletingLastPathComponent().appendingPathComponent("billtriage")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// A scratch directory with a config file; removed at deinit.
    final class Scratch {
        let path: String
        init(config: String = "") {
            path = NSTemporaryDirectory() + "bt-cmd-" + UUID().uuidString
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try? Data(config.utf8).write(to: URL(fileURLWithPath: path + "/billtriage.toml"))
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var db: String { path + "/tickets.sqlite" }
        /// Variables left out of the environment (e.g. to run with the default model location).
        var unset: Set<String> = []
        var environment: [String: String] {
            var env = ProcessInfo.processInfo.environment
            env["BILLTRIAGE_RULES"] = BT.repositoryRoot.appendingPathComponent("Rules").path
            env["BILLTRIAGE_MODEL"] = path + "/no-model.sqlite"  // rules alone: tests do not depend on training
            env["BILLTRIAGE_CONFIG"] = path + "/billtriage.toml"
            env["BILLTRIAGE_DB"] = db
            for name in unset { env[name] = nil }
            return env
        }
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func start(_ arguments: [String], stdin: String?, scratch: Scratch) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = scratch.environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        return (process, out, err)
    }

    static func run(_ arguments: [String], stdin: String? = nil, scratch: Scratch) throws -> Result {
        let (process, out, err) = try start(arguments, stdin: stdin, scratch: scratch)
        return finish(process, out, err)
    }

    /// Waits for a process from `start` and collects its output.
    static func finish(_ process: Process, _ out: Pipe, _ err: Pipe) -> Result {
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func mail(id: String, from: String = "ana@example.es", subject: String, body: String, extra: String = "") -> String {
        "From: Ana López <\(from)>\nTo: billing@example.com\nMessage-ID: <\(id)>\nSubject: \(subject)\n\(extra)\n\(body)\n"
    }
}
