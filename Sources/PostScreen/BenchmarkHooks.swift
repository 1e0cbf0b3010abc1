/// Entry points for the benchmark suite (`Benchmarks/`), so that each stage of the pipeline can be
/// timed on its own: text (fold + tokenise), matching (label + scan), each rule, and the whole.
///
/// Not part of the public API: only a client that writes `@_spi(Benchmarks) import PostScreen`
/// sees them, and nothing here changes what screening does.
@_spi(Benchmarks) public enum BenchmarkHooks {
    /// Folds and tokenises `bytes`, as every draft is; returns the number of tokens.
    public static func tokenise(_ bytes: [UInt8]) -> Int {
        TokenStream(FoldedText(source: bytes)).tokens.count
    }
}

/// A draft folded and tokenised, ready for lexicon matching.
@_spi(Benchmarks) public struct TokenisedDraft: Sendable {
    var stream: TokenStream
    public var byteCount: Int { stream.text.source.count }
}

/// A draft analysed for the rules: tokens plus every lexicon hit.
@_spi(Benchmarks) public struct AnalysedDraft: @unchecked Sendable {
    let draft: Draft
}

/// The rules of one category, bound to a screener's compiled knowledge.
@_spi(Benchmarks) public struct RuleRunner: Sendable {
    let rules: [any Rule]
    public let category: Category

    /// Runs the rules on `draft`; returns the number of candidates they raised (before grading).
    public func run(_ draft: AnalysedDraft) -> Int {
        var out: [Candidate] = []
        for rule in rules { rule.apply(draft.draft, &out) }
        return out.count
    }
}

@_spi(Benchmarks) extension Screener {
    /// Folds and tokenises a draft (no lexicon work).
    public func tokenised(_ bytes: [UInt8]) -> TokenisedDraft {
        TokenisedDraft(stream: TokenStream(FoldedText(source: bytes)))
    }

    /// Lexicon matching alone: labels the draft's tokens with vocabulary ids and finds every phrase of
    /// every lexicon. Returns the number of hits.
    public func matchLexicons(_ draft: inout TokenisedDraft) -> Int {
        knowledge.matcher.label(&draft.stream)
        var hits: [PhraseMatcher.Hit] = []
        knowledge.matcher.scan(draft.stream, into: &hits)
        return hits.count
    }

    /// Everything before the rules: fold, tokenise, label, scan.
    public func analysed(_ bytes: [UInt8], account: Account = .personal) -> AnalysedDraft {
        AnalysedDraft(draft: Draft(FoldedText(source: bytes), knowledge: knowledge, account: account))
    }

    /// The rules of `category`, as this screener runs them.
    public func ruleRunner(_ category: Category) -> RuleRunner {
        RuleRunner(rules: Self.ruleTypes.map { $0.init(knowledge) }.filter { $0.category == category }, category: category)
    }
}
