/// One risk found in a draft: what, where, how bad, why, and how to fix it.
public struct Finding: Sendable, Hashable {
    /// The category, such as `.pupilName`.
    public var category: Category
    /// The rule id, `category.rule`, such as `"pupil-name.roster"`.
    public var rule: String
    /// How serious it is.
    public var grade: Grade
    /// How sure the screener is, 0…1.
    public var confidence: Double
    /// UTF-8 byte offset where the span starts in the text as given.
    public var start: Int
    /// UTF-8 byte offset just past the span.
    public var end: Int
    /// Unicode scalar offset where the span starts: an index into the text as a sequence of code
    /// points (a Python `str`, `Array.from` of a JavaScript string). Invalid UTF-8 counts as one
    /// U+FFFD per maximal invalid sequence, as Swift and Python decode it.
    public var charStart: Int
    /// Unicode scalar offset just past the span.
    public var charEnd: Int
    /// 1-based line of `start` (LF, CRLF and lone CR end lines).
    public var line: Int
    /// 1-based column of `start`, counted in Unicode scalars.
    public var column: Int
    /// The span's text, exactly as in the draft.
    public var text: String
    /// What is wrong, for the person posting.
    public var message: String
    /// The policy reason.
    public var reason: String
    /// A concrete fix, where there is one.
    public var suggestion: String?
    /// For a finding the trained scorer raised (`rule` ends in `.model`): the two or three words or
    /// phrases of the sentence that carried its score. Empty for the rules' findings.
    public var evidence: [String]

    /// Creates a finding. Spans, lines and columns are normally filled in by the screener.
    public init(
        category: Category, rule: String, grade: Grade, confidence: Double, start: Int, end: Int,
        charStart: Int, charEnd: Int, line: Int, column: Int, text: String, message: String, reason: String, suggestion: String? = nil,
        evidence: [String] = []
    ) {
        self.category = category
        self.rule = rule
        self.grade = grade
        self.confidence = confidence
        self.start = start
        self.end = end
        self.charStart = charStart
        self.charEnd = charEnd
        self.line = line
        self.column = column
        self.text = text
        self.message = message
        self.reason = reason
        self.suggestion = suggestion
        self.evidence = evidence
    }
}

/// The outcome of screening one draft.
public struct Report: Sendable, Hashable {
    /// An id carried through from the input (bulk work), if any.
    public var id: String?
    /// Every finding, in order of position.
    public var findings: [Finding]
    /// Problems with the input itself, such as invalid UTF-8 (the rest is still screened).
    public var inputWarnings: [String]

    /// The highest grade among the findings, or nil when the draft is clear.
    public var verdict: Grade? { findings.map(\.grade).max() }

    /// The verdict's name: a grade name, or `"clear"`.
    public var verdictName: String { verdict?.description ?? "clear" }

    /// Creates a report.
    public init(id: String? = nil, findings: [Finding], inputWarnings: [String] = []) {
        self.id = id
        self.findings = findings
        self.inputWarnings = inputWarnings
    }

    /// The same report with findings below `grade` left out.
    public func filtered(minimum grade: Grade) -> Report {
        var copy = self
        copy.findings = findings.filter { $0.grade >= grade }
        return copy
    }
}
