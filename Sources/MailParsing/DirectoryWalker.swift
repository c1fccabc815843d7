import Glibc

/// Lists the message files under a directory: Maildir `cur`/`new` (never
/// `tmp`), MH numbered files, and any other file (sniffed later), recursing
/// into sub-folders (Maildir++ `.Folder`s included). Order is stable: names
/// sorted, MH numbers numerically.
enum DirectoryWalker {
    static func layout(of path: String) throws(MailboxError) -> MailboxReader.Kind {
        let entries = try list(path)
        if entries.contains(where: { $0.isDirectory && ($0.name == "cur" || $0.name == "new") }) { return .maildir }
        if entries.contains(where: { $0.name == ".mh_sequences" })
            || (!entries.isEmpty && entries.filter { !$0.isDirectory }.allSatisfy { isMHNumber($0.name) }
                && entries.contains { !$0.isDirectory }) {
            return .mh
        }
        return .directory
    }

    static func files(under path: String) throws(MailboxError) -> [String] {
        var out: [String] = []
        try walk(path, into: &out, depth: 0)
        return out
    }

    private static func walk(_ path: String, into out: inout [String], depth: Int) throws(MailboxError) {
        guard depth < 32 else { return }
        let entries = try list(path)
        let isMaildir = entries.contains { $0.isDirectory && ($0.name == "cur" || $0.name == "new") }
        let files = entries.filter { !$0.isDirectory && !$0.name.hasPrefix(".") }
        let mhNumbers = files.filter { isMHNumber($0.name) }
        if !mhNumbers.isEmpty && mhNumbers.count == files.count {
            for f in mhNumbers.sorted(by: { Int($0.name)! < Int($1.name)! }) { out.append(join(path, f.name)) }
        } else {
            for f in files.sorted(by: { $0.name < $1.name }) { out.append(join(path, f.name)) }
        }
        for d in entries.filter(\.isDirectory).sorted(by: { $0.name < $1.name }) {
            if d.name == "." || d.name == ".." { continue }
            if isMaildir && d.name == "tmp" { continue }
            try walk(join(path, d.name), into: &out, depth: depth + 1)
        }
    }

    private static func isMHNumber(_ name: String) -> Bool {
        !name.isEmpty && name.count < 10 && name.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private static func join(_ a: String, _ b: String) -> String {
        a.hasSuffix("/") ? a + b : a + "/" + b
    }

    private struct Entry {
        var name: String
        var isDirectory: Bool
    }

    private static func list(_ path: String) throws(MailboxError) -> [Entry] {
        guard let dir = opendir(path) else { throw MailboxError(path: path, operation: "opendir", code: errno) }
        defer { closedir(dir) }
        var entries: [Entry] = []
        while let ent = readdir(dir) {
            let name = withUnsafePointer(to: ent.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var st = stat()
            let full = join(path, name)
            guard stat(full, &st) == 0 else { continue }  // dangling link: not mail
            let mode = st.st_mode & S_IFMT
            if mode == S_IFDIR {
                entries.append(Entry(name: name, isDirectory: true))
            } else if mode == S_IFREG {
                entries.append(Entry(name: name, isDirectory: false))
            }
        }
        return entries
    }
}
