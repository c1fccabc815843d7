import Foundation
import Pipeline

/// Progress on standard error: a bar redrawn in place on a terminal, a plain
/// line every five seconds otherwise (logs, cron, CI).
final class ProgressMeter {
    private let terminal = isatty(2) != 0
    private var lastPlain = 0.0
    private var drawn = false

    func update(_ p: BatchRunner.Progress) {
        let rate = p.seconds > 0 ? Double(p.messages) / p.seconds : 0
        var eta = ""
        if p.totalBytes > 0, p.consumedBytes > 0, p.seconds > 0 {
            let remaining = Double(max(0, p.totalBytes - p.consumedBytes)) / (Double(p.consumedBytes) / p.seconds)
            eta = String(format: "ETA %ds", Int(remaining.rounded()))
        }
        let fraction = p.totalBytes > 0 ? min(1, Double(p.consumedBytes) / Double(p.totalBytes)) : 0
        if terminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            let line = String(format: "\r[%@] %3d%%  %d messages  %.0f msg/s  %@", bar, Int(fraction * 100), p.messages, rate, eta)
            FileHandle.standardError.write(Data((line + "   ").utf8))
            drawn = true
        } else if p.seconds - lastPlain >= 5 {
            lastPlain = p.seconds
            printError(String(format: "progress: %d messages, %.0f msg/s, %d%% %@", p.messages, rate, Int(fraction * 100), eta))
        }
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
