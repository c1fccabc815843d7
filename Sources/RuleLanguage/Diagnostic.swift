/// A problem in an analyst's rule file, reported as `file:line:col: message`.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error, warning
    }

    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public var severity: Severity

    public init(file: String, line: Int, column: Int, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.severity = severity
    }

    public var description: String {
        "\(file):\(line):\(column): \(severity == .error ? "" : "warning: ")\(message)"
    }
}

/// Where something was written.
public struct SourceLocation: Sendable, Hashable, Codable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public func diagnostic(_ message: String, severity: Diagnostic.Severity = .error, columnOffset: Int = 0) -> Diagnostic {
        Diagnostic(file: file, line: line, column: column + columnOffset, message: message, severity: severity)
    }
}
