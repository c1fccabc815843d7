/// Chooses which leaves supply the body text, like Python's
/// `get_body(('plain', 'html'))`, with two refinements: an empty text/plain
/// alternative loses to the HTML one, and later inline text/plain parts of a
/// multipart/mixed (text split around an inline image) continue the body.
struct BodySelection {
    var primary: MIMEEntity?
    var continuations: [MIMEEntity] = []
    /// Paths of text alternatives that were not chosen.
    var losingAlternatives: Set<String> = []

    /// `isBlank` decodes a plain part and tells whether it has no text.
    init(root: MIMEEntity, isBlank: (MIMEEntity) -> Bool) {
        primary = Self.find(root, isBlank: isBlank, losers: &losingAlternatives)
        guard let primary else { return }
        var after = false
        Self.collectContinuations(root, primary: primary, after: &after, into: &continuations)
    }

    private static func find(_ e: MIMEEntity, isBlank: (MIMEEntity) -> Bool, losers: inout Set<String>) -> MIMEEntity? {
        switch e.kind {
        case .leaf:
            return e.isBodyCandidate ? e : nil
        case .message:
            return nil  // forwarded content, not the sender's body
        case .multipart(let subtype):
            if subtype == "alternative" {
                var found: [MIMEEntity] = []
                for child in e.children {
                    if let b = find(child, isBlank: isBlank, losers: &losers) { found.append(b) }
                }
                let choice = found.first(where: { $0.isPlain && !isBlank($0) })
                    ?? found.first(where: { $0.isHTML })
                    ?? found.first
                for f in found where f.path != choice?.path { losers.insert(f.path) }
                return choice
            }
            for child in e.children {
                if let b = find(child, isBlank: isBlank, losers: &losers) { return b }
            }
            return nil
        }
    }

    /// Inline leaves of the primary's kind that follow it outside any alternative.
    private static func collectContinuations(_ e: MIMEEntity, primary: MIMEEntity, after: inout Bool,
                                             into out: inout [MIMEEntity]) {
        switch e.kind {
        case .leaf:
            if e.path == primary.path { after = true; return }
            if after, e.isBodyCandidate, e.contentType == primary.contentType { out.append(e) }
        case .message:
            return
        case .multipart(let subtype):
            if subtype == "alternative" || subtype == "related" {
                if containsPath(e, primary.path) { after = true }
                return
            }
            for child in e.children { collectContinuations(child, primary: primary, after: &after, into: &out) }
        }
    }

    private static func containsPath(_ e: MIMEEntity, _ path: String) -> Bool {
        e.path == path || e.children.contains { containsPath($0, path) }
    }
}
