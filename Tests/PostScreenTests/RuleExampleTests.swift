import Testing
@testable import PostScreen

/// Every rule's own examples (kept beside the rule, as STYLE.md asks) run here.
struct RuleExampleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var rule: String
        var category: Category
        var example: RuleExample
        var testDescription: String { "\(rule): \(example.grade.map { "flags \($0)" } ?? "passes"): \(example.text)" }
    }

    static let cases: [Case] = Screener.ruleTypes.flatMap { type in
        let category = type.init(Support.generic.knowledge).category
        return type.examples.map { Case(rule: String(describing: type), category: category, example: $0) }
    }

    /// The examples are each rule's contract, so they run through the rules alone; the trained
    /// scorer is measured on its own sets (ScorerTests, AccuracyTests, README).
    @Test("rule examples", arguments: cases)
    func example(_ c: Case) {
        let screener = c.example.school ? Support.schoolRules : Support.genericRules
        let report = screener.screen(c.example.text, account: c.example.account)
        let mine = report.findings.filter { $0.category == c.category }
        if let grade = c.example.grade {
            let best = mine.map(\.grade).max()
            #expect(best == grade, "expected \(grade), got \(mine.map { "\($0.grade) \"\($0.text)\"" })")
            if let span = c.example.span {
                #expect(mine.contains { $0.text == span }, "expected span \"\(span)\", got \(mine.map(\.text))")
            }
        } else {
            let alarms = mine.filter { $0.grade >= .caution }
            #expect(alarms.isEmpty, "expected nothing, got \(alarms.map { "\($0.grade) \"\($0.text)\" \($0.rule)" })")
        }
    }

    @Test("every rule has examples that flag and examples that pass")
    func examplesExist() {
        for type in Screener.ruleTypes {
            #expect(type.examples.contains { $0.grade != nil }, "\(type) has no flagging example")
            #expect(type.examples.contains { $0.grade == nil }, "\(type) has no passing example")
        }
    }
}
