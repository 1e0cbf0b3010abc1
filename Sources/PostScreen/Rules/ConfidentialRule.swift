// In progress: replaced by the language-risk rules (issue 3).
struct ConfidentialRule: Rule {
    let category = Category.confidential
    static let lexicons: [String] = []
    static let examples: [RuleExample] = []
    init(_ knowledge: Knowledge) {}
    func apply(_ d: Draft, _ out: inout [Candidate]) {}
}
