import Lexicons

/// Screens drafts for what could get a member of staff or a child into trouble.
///
/// Build one per school profile and reuse it: compiling the lexicons is the expensive part, and a
/// `Screener` is immutable and safe to share across threads.
///
/// ```swift
/// let screener = try Screener(profile: .generic)
/// let report = screener.screen("Text me on 07700 900123, Year 11!")
/// print(report.verdictName)   // "block"
/// ```
public final class Screener: Sendable {
    /// The profile this screener was built from.
    public let profile: SchoolProfile
    let knowledge: Knowledge
    private let rules: [any Rule]

    /// Every rule PostScreen runs, in the order their findings are reported.
    static let ruleTypes: [any Rule.Type] = [
        PupilNameRule.self, ContactDetailsRule.self, SchoolBrandingRule.self, DefamationRule.self,
        ConfidentialRule.self, GrievanceRule.self, PupilContactRule.self, PupilImageRule.self, AbuseRule.self,
        SecurityRule.self,
    ]

    /// Lexicons compiled into the phrase matcher: every shipped list but the name lists (held apart).
    static func phraseLexiconNames() throws(LexiconStore.Failure) -> [String] {
        try LexiconStore.allNames().filter { !$0.hasPrefix("names/") && $0 != "irregular" }
    }

    /// Compiles the lexicons for `profile`.
    /// - Throws: ``ScreenerError`` when PostScreen's word lists cannot be found or read.
    public init(profile: SchoolProfile = .generic) throws(ScreenerError) {
        self.profile = profile
        do {
            knowledge = try Knowledge(profile: profile, lexiconNames: Self.phraseLexiconNames())
        } catch {
            throw ScreenerError(description: error.description)
        }
        let compiled = knowledge
        var missing: [String] = []
        for type in Self.ruleTypes {
            for name in type.lexicons where !compiled.matcher.hasLexicon(name) { missing.append(name) }
        }
        guard missing.isEmpty else {
            throw ScreenerError(description: "word lists missing: \(missing.joined(separator: ", "))")
        }
        rules = Self.ruleTypes.map { $0.init(compiled) }
    }

    /// Screens one draft.
    /// - Parameters:
    ///   - text: the draft as written.
    ///   - account: the kind of account it is for (personal by default).
    ///   - id: an id to carry into the report (bulk work).
    public func screen(_ text: String, account: Account = .personal, id: String? = nil) -> Report {
        screen(bytes: Array(text.utf8), account: account, id: id)
    }

    /// Screens one draft given as raw bytes. Invalid UTF-8 is reported in ``Report/inputWarnings``
    /// with its byte offset, and the rest is screened; offsets stay those of the bytes as given.
    public func screen(bytes: [UInt8], account: Account = .personal, id: String? = nil) -> Report {
        var warnings: [String] = []
        let invalid = UTF8Decoding.invalidOffsets(bytes, limit: 10)
        if !invalid.isEmpty {
            warnings.append(
                "invalid UTF-8 at byte offset\(invalid.count > 1 ? "s" : "") "
                    + invalid.map(String.init).joined(separator: ", ") + (invalid.count == 10 ? ", …" : ""))
        }
        let draft = Draft(FoldedText(source: bytes), knowledge: knowledge, account: account)
        var candidates: [Candidate] = []
        for rule in rules {
            if account == .official && (rule.category == .schoolBranding || rule.category == .pupilContact) {
                continue  // branding is expected on the school's own account, and so is talking to families
            }
            rule.apply(draft, &candidates)
        }
        return Report(id: id, findings: grade(candidates, source: bytes), inputWarnings: warnings)
    }

    /// Applies profile settings, keeps one finding per category per clause, and places each finding.
    private func grade(_ candidates: [Candidate], source: [UInt8]) -> [Finding] {
        var kept: [Candidate] = []
        for var c in candidates {
            switch profile.setting(rule: c.rule, category: c.category) {
            case .off?: continue
            case .grade(let g)?: c.grade = g
            case nil: break
            }
            if let i = kept.firstIndex(where: {
                $0.category == c.category
                    && ($0.range.overlaps(c.range) || ($0.clause == c.clause && !($0.isEntity && c.isEntity)))
            }) {
                let old = kept[i]
                if (c.grade, c.confidence) > (old.grade, old.confidence) { kept[i] = c }
                continue
            }
            kept.append(c)
        }
        kept.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        let locator = LineLocator(source)
        return kept.map { c in
            let (line, column) = locator.position(of: c.range.lowerBound)
            return Finding(
                category: c.category, rule: c.rule, grade: c.grade, confidence: c.confidence,
                start: c.range.lowerBound, end: c.range.upperBound, line: line, column: column,
                text: String(decoding: source[c.range], as: UTF8.self), message: c.message, reason: c.reason,
                suggestion: c.suggestion)
        }
    }
}

/// PostScreen could not set itself up (its word lists are missing or unreadable).
public struct ScreenerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var description: String
}

/// 1-based line and column (in Unicode scalars) of byte offsets. CRLF and lone CR end lines too.
struct LineLocator {
    let source: [UInt8]
    init(_ source: [UInt8]) { self.source = source }

    func position(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var i = 0
        let end = min(offset, source.count)
        while i < end {
            let b = source[i]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b == 0x0D {
                if i + 1 < source.count && source[i + 1] == 0x0A {
                    i += 1
                    if i >= end { break }
                }
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return (line, column)
    }
}
