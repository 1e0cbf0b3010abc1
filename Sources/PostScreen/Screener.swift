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
    /// Which stages raise the language categories.
    public let stages: ScoringStages
    let knowledge: Knowledge
    private let rules: [any Rule]
    let scorer: LanguageScorer?

    /// The shipped weights, loaded once per process and shared by every screener.
    private static let shippedWeights: Result<ScorerWeights, ScorerWeights.Failure> = {
        do throws(ScorerWeights.Failure) {
            return .success(try ScorerWeights.shipped())
        } catch {
            return .failure(error)
        }
    }()

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

    /// Compiles the lexicons for `profile` and loads the trained scorer.
    /// - Parameters:
    ///   - profile: the school's profile.
    ///   - stages: which stages raise the language categories; both by default.
    /// - Throws: ``ScreenerError`` when PostScreen's word lists or the scorer's weights cannot be
    ///   found or read.
    public init(profile: SchoolProfile = .generic, stages: ScoringStages = .combined) throws(ScreenerError) {
        self.profile = profile
        self.stages = stages
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
        switch (stages, Self.shippedWeights) {
        case (.rules, _): scorer = nil
        case (_, .success(let w)): scorer = LanguageScorer(weights: w, lexiconNames: knowledge.matcher.lexiconNames)
        case (_, .failure(let e)): throw ScreenerError(description: e.description)
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
        var candidates = ruleCandidates(draft, account: account)
        scorer?.apply(draft, &candidates, account: account, sensitivity: profile.sensitivity, stages: stages)
        return Report(id: id, findings: grade(candidates, source: bytes), inputWarnings: warnings)
    }

    /// The rules' findings for a draft, before grading: the first stage, and the scorer's cues.
    func ruleCandidates(_ draft: Draft, account: Account) -> [Candidate] {
        var candidates: [Candidate] = []
        for rule in rules {
            if account == .official && (rule.category == .schoolBranding || rule.category == .pupilContact) {
                continue  // branding is expected on the school's own account, and so is talking to families
            }
            rule.apply(draft, &candidates)
        }
        return candidates
    }

    /// The trained scorer's input for each sentence of `text`: its byte range in the text and the
    /// feature buckets it touches (`bits` wide). `screen features` writes these for `scripts/train.py`,
    /// so training reads exactly what screening computes.
    @_spi(Training)
    public func trainingFeatures(_ text: String, account: Account = .personal, bits: Int = SentenceFeatures.defaultBits)
        -> [(range: Range<Int>, buckets: [Int32])]
    {
        let bytes = Array(text.utf8)
        let draft = Draft(FoldedText(source: bytes), knowledge: knowledge, account: account)
        let candidates = ruleCandidates(draft, account: account)
        var out: [(range: Range<Int>, buckets: [Int32])] = []
        var list = BucketList(bits: bits)
        SentenceFeatures(bits: bits, lexiconNames: knowledge.matcher.lexiconNames)
            .forEachSentence(of: draft, candidates: candidates, account: account, into: &list) { _, range, _, list in
                out.append((range, list.buckets))
                list.buckets.removeAll(keepingCapacity: true)
            }
        return out
    }

    /// Applies profile settings, keeps one finding per category per clause, and places each finding.
    private func grade(_ candidates: [Candidate], source: [UInt8]) -> [Finding] {
        var kept: [Candidate] = []
        var index = ConflictIndex()
        for var c in candidates {
            switch profile.setting(rule: c.rule, category: c.category) {
            case .off?: continue
            case .grade(let g)?: c.grade = g
            case nil: break
            }
            if let i = index.firstConflict(with: c, in: kept) {
                let old = kept[i]
                if (c.grade, c.confidence) > (old.grade, old.confidence) {
                    kept[i] = c
                    index.register(i, c)
                }
                continue
            }
            index.register(kept.count, c)
            kept.append(c)
        }
        kept.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        var locator = LineLocator(source)
        let scalars = ScalarOffsets(of: kept.flatMap { [$0.range.lowerBound, $0.range.upperBound] }, in: source)
        return kept.map { c in
            let (line, column) = locator.position(of: c.range.lowerBound)
            return Finding(
                category: c.category, rule: c.rule, grade: c.grade, confidence: c.confidence,
                start: c.range.lowerBound, end: c.range.upperBound,
                charStart: scalars[c.range.lowerBound], charEnd: scalars[c.range.upperBound], line: line, column: column,
                text: String(decoding: source[c.range], as: UTF8.self), message: c.message, reason: c.reason,
                suggestion: c.suggestion, evidence: c.evidence)
        }
    }
}

/// PostScreen could not set itself up (its word lists are missing or unreadable).
public struct ScreenerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public var description: String
}

/// Finds the first kept candidate a new one conflicts with — same category, and overlapping spans or the
/// same clause (unless both are distinct entities) — without comparing against every kept candidate, so
/// a draft with a hundred thousand findings is graded in linear time.
///
/// Kept candidates are filed by (category, clause) and by (category, 256-byte block of their span).
/// Lists hold indices in ascending order; an entry left behind when a candidate is replaced is
/// harmless, because every hit is checked against the candidate now at that index.
private struct ConflictIndex {
    private struct Key: Hashable {
        var category: Category
        var position: Int
    }
    private var byClause: [Key: [Int]] = [:]
    private var byClauseNonEntity: [Key: [Int]] = [:]
    private var byBlock: [Key: [Int]] = [:]

    private static func blocks(_ r: Range<Int>) -> ClosedRange<Int> {
        (r.lowerBound >> 8)...(max(r.lowerBound, r.upperBound - 1) >> 8)
    }

    private static func conflicts(_ kept: Candidate, _ c: Candidate) -> Bool {
        kept.category == c.category
            && (kept.range.overlaps(c.range) || (kept.clause == c.clause && !(kept.isEntity && c.isEntity)))
    }

    func firstConflict(with c: Candidate, in kept: [Candidate]) -> Int? {
        var best: Int? = nil
        func scan(_ list: [Int]?) {
            for i in list ?? [] {
                if let b = best, i >= b { return }
                if Self.conflicts(kept[i], c) {
                    best = i
                    return
                }
            }
        }
        let clause = Key(category: c.category, position: Int(c.clause))
        scan(c.isEntity ? byClauseNonEntity[clause] : byClause[clause])
        for block in Self.blocks(c.range) { scan(byBlock[Key(category: c.category, position: block)]) }
        return best
    }

    mutating func register(_ i: Int, _ c: Candidate) {
        func insert(_ list: inout [Int]) {
            if let last = list.last, last >= i {
                if !list.contains(i) { list.insert(i, at: list.firstIndex(where: { $0 > i }) ?? list.endIndex) }
            } else {
                list.append(i)
            }
        }
        let clause = Key(category: c.category, position: Int(c.clause))
        insert(&byClause[clause, default: []])
        if !c.isEntity { insert(&byClauseNonEntity[clause, default: []]) }
        for block in Self.blocks(c.range) { insert(&byBlock[Key(category: c.category, position: block), default: []]) }
    }
}

/// 1-based line and column (in Unicode scalars) of byte offsets. CRLF and lone CR end lines too.
///
/// Findings are placed in order of position, so the locator resumes from the previous offset rather
/// than rescanning from the start: placing every finding of a draft costs one pass over it.
struct LineLocator {
    let source: [UInt8]
    private var offset = 0
    private var line = 1
    private var column = 1

    init(_ source: [UInt8]) { self.source = source }

    mutating func position(of target: Int) -> (line: Int, column: Int) {
        if target < offset { (offset, line, column) = (0, 1, 1) }
        let end = min(target, source.count)
        // A UTF-8 byte order mark is kept in the bytes (offsets stay the file's) but is not a column.
        if offset == 0, end >= 3, source.count >= 3, source[0] == 0xEF, source[1] == 0xBB, source[2] == 0xBF {
            offset = 3
        }
        while offset < end {
            let b = source[offset]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b == 0x0D {
                // CRLF ends the line at its LF; a lone CR ends it here.
                if offset + 1 >= source.count || source[offset + 1] != 0x0A {
                    line += 1
                    column = 1
                }
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            offset += 1
        }
        return (line, column)
    }
}

/// Unicode scalar offsets of byte offsets: how many scalars start before each, counting the bytes as
/// `String(decoding:as: UTF8.self)` (and Python's `decode("utf-8", "replace")`) read them — a BOM is a
/// scalar, each maximal invalid sequence is one U+FFFD. One pass over the bytes up to the last offset.
struct ScalarOffsets {
    private var table: [Int: Int] = [:]

    init(of offsets: [Int], in source: [UInt8]) {
        let targets = Set(offsets).sorted()
        guard let last = targets.last else { return }
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = source.prefix(last).makeIterator()
        var byte = 0
        var scalars = 0
        var t = 0
        while t < targets.count {
            while t < targets.count && targets[t] <= byte {
                table[targets[t]] = scalars
                t += 1
            }
            switch parser.parseScalar(from: &bytes) {
            case .valid(let encoded): byte += encoded.count
            case .error(let length): byte += length
            case .emptyInput: byte = Int.max  // offsets past the end: all the scalars there are
            }
            if byte != Int.max { scalars += 1 }
        }
    }

    subscript(offset: Int) -> Int { table[offset] ?? 0 }
}
