/// A finding before it is placed: the grading stage turns it into a `Finding`.
struct Candidate {
    var category: Category
    var rule: String
    var grade: Grade
    var confidence: Double
    /// Original UTF-8 byte range.
    var range: Range<Int>
    var message: String
    var reason: String
    var suggestion: String?
    /// Clause ordinal, for "one finding per category per clause".
    var clause: Int32
    /// A distinct thing (a pupil, a phone number, a code): kept even when another finding of the
    /// category sits in the same clause, unless the spans overlap.
    var isEntity: Bool = false
    /// For the trained scorer's findings: the words that carried the score.
    var evidence: [String] = []
}

/// An example a rule must (or must not) raise, run as a test. See STYLE.md: examples live next to
/// the rule they describe.
struct RuleExample: Sendable {
    var text: String
    /// The grade expected for the rule's category, or nil when it must raise nothing at caution or above.
    var grade: Grade?
    /// The exact span expected, when it matters.
    var span: String? = nil
    var account: Account = .personal
    /// The profile the example needs: the generic one, or a small test school with a roster.
    var school: Bool = false

    static func flags(_ text: String, _ grade: Grade, span: String? = nil, account: Account = .personal, school: Bool = false) -> RuleExample {
        RuleExample(text: text, grade: grade, span: span, account: account, school: school)
    }
    static func passes(_ text: String, account: Account = .personal, school: Bool = false) -> RuleExample {
        RuleExample(text: text, grade: nil, account: account, school: school)
    }
}

/// One category's rule. A rule reads the analysed draft and reports candidates; it never prints.
protocol Rule: Sendable {
    var category: Category { get }
    /// Lexicons (paths under `Lexicons/Data`, without `.txt`) the rule reads.
    static var lexicons: [String] { get }
    /// What the rule must and must not flag.
    static var examples: [RuleExample] { get }
    init(_ knowledge: Knowledge)
    func apply(_ draft: Draft, _ out: inout [Candidate])
}
