import Foundation

/// Where the analysts' `Rules/` directory is: `--rules`, then
/// `$BILLTRIAGE_RULES`, then `./Rules`, then the checkout the executable was
/// built in (`.build/<config>/billtriage` → `Rules/`), then the installed copy.
public enum RulesLocation {
    public struct NotFound: Error, CustomStringConvertible {
        public var description: String {
            "no Rules directory found: pass --rules DIR or set BILLTRIAGE_RULES"
        }
    }

    public static func resolve(_ explicit: String?) throws -> String {
        if let explicit { return explicit }
        var candidates: [String] = []
        if let env = Environment.value("BILLTRIAGE_RULES") { candidates.append(env) }
        candidates.append(FileManager.default.currentDirectoryPath + "/Rules")
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var dir = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("Rules").path)
            dir = dir.deletingLastPathComponent()
        }
        candidates.append("/usr/local/share/billtriage/Rules")
        for c in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: c + "/extraction", isDirectory: &isDirectory), isDirectory.boolValue {
                return c
            }
        }
        throw NotFound()
    }
}
