import Testing
@testable import TriageCommands

/// `deliver`'s own argument reading (it skips ArgumentParser's reflection) accepts exactly the
/// plain option forms and hands everything else to ArgumentParser.
@Suite struct DeliverArgumentsTests {
    @Test func plainOptionsAreRead() throws {
        let run = try #require(DeliverRun.parse(["--db", "/var/lib/t.sqlite", "--send", "--sender", "", "--config=/etc/bt.toml",
                                                 "--rules", "/opt/Rules", "--model", "m.sqlite", "--verbose"]))
        #expect(run.db == "/var/lib/t.sqlite" && run.config == "/etc/bt.toml" && run.rules == "/opt/Rules" && run.model == "m.sqlite")
        #expect(run.sender == "" && run.send && run.verbose)
        let bare = try #require(DeliverRun.parse([]))
        #expect(bare.db == nil && bare.sender == nil && !bare.send && !bare.verbose)
    }

    @Test(arguments: [["--help"], ["-h"], ["--db"], ["--bogus", "1"], ["--send=yes"], ["message.eml"], ["--version"]])
    func anythingElseGoesToArgumentParser(arguments: [String]) {
        #expect(DeliverRun.parse(arguments) == nil)
    }

    @Test func helpIsStillArgumentParsers() throws {
        let r = try BT.run(["deliver", "--help"], scratch: BT.Scratch())
        #expect(r.status == 0 && r.stdout.contains("USAGE: billtriage deliver") && r.stdout.contains("--sender <address>"), "\(r.stdout)")
        let bad = try BT.run(["deliver", "--bogus"], stdin: "", scratch: BT.Scratch())
        #expect(bad.status == 64 && bad.stderr.contains("Unknown option '--bogus'"), "\(bad.stderr)")
    }
}
