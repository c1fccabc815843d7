import Foundation

/// One environment variable, read with getenv: `ProcessInfo.processInfo.environment` copies the
/// whole environment into a dictionary each time, which `deliver` did five times per message.
enum Environment {
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
