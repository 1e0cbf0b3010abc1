/// Scores a screener against labelled posts: per-category precision, recall and F1 at post level,
/// grade agreement, block recall, and how often clean posts are alarmed.
///
/// A category counts for a post when a finding (or a label) of it has grade caution or above —
/// the same rule `screen eval` and the project's accuracy tests use.
public struct Evaluation: Sendable {
    /// Counts for one category.
    public struct Counts: Sendable, Hashable {
        /// Posts where the category was labelled and found / found but not labelled / labelled but not found.
        public var truePositives = 0, falsePositives = 0, falseNegatives = 0
        /// Among true positives: grade equal, lower, or higher than labelled.
        public var exact = 0, under = 0, over = 0
        /// Labels graded block, and how many of those were found at block.
        public var blockLabels = 0, blockFound = 0

        /// Share of posts flagged for the category that were labelled with it (1 when none were flagged).
        public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
        /// Share of posts labelled with the category that were flagged (1 when none were labelled).
        public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
        /// Harmonic mean of precision and recall.
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    }

    /// One disagreement, for `--show-misses`.
    public struct Miss: Sendable, Hashable {
        /// Missed (labelled, not found), false alarm (found, not labelled), or a block found at a lower grade.
        public enum Kind: String, Sendable { case missed = "MISS", falseAlarm = "FALSE", underGraded = "UNDER" }
        /// What kind of disagreement.
        public var kind: Kind
        /// The category concerned.
        public var category: Category
        /// The labelled grade, if labelled.
        public var expected: Grade?
        /// The highest grade found, if found.
        public var found: Grade?
        /// The post's id.
        public var id: String?
        /// The post.
        public var text: String
        /// Spans of the findings of this category.
        public var spans: [String]
    }

    /// Counts per category.
    public private(set) var counts: [Category: Counts] = [:]
    /// Posts added.
    public private(set) var posts = 0
    /// Posts labelled with nothing, and how many of them were alarmed at caution+ and at warning+.
    public private(set) var cleanPosts = 0
    public private(set) var cleanAlarmedCaution = 0
    public private(set) var cleanAlarmedWarning = 0
    /// Every disagreement, in the order posts were added.
    public private(set) var misses: [Miss] = []

    /// Creates an empty evaluation.
    public init() {}

    /// Adds one labelled post and its report. `labels` are (category, grade) pairs; an empty list
    /// means the post should raise nothing at caution or above.
    public mutating func add(_ report: Report, text: String, labels: [(Category, Grade)]) {
        posts += 1
        var found: [Category: Grade] = [:]
        for f in report.findings where f.grade >= .caution { found[f.category] = max(found[f.category] ?? f.grade, f.grade) }
        var expected: [Category: Grade] = [:]
        for (c, g) in labels where g >= .caution { expected[c] = max(expected[c] ?? g, g) }
        if labels.isEmpty {
            cleanPosts += 1
            if !found.isEmpty { cleanAlarmedCaution += 1 }
            if found.values.contains(where: { $0 >= .warning }) { cleanAlarmedWarning += 1 }
        }
        for c in Category.allCases {
            var k = counts[c] ?? Counts()
            let spans = report.findings.filter { $0.category == c }.map(\.text)
            switch (expected[c], found[c]) {
            case let (e?, f?):
                k.truePositives += 1
                if e == f { k.exact += 1 } else if f < e { k.under += 1 } else { k.over += 1 }
            case let (e?, nil):
                k.falseNegatives += 1
                misses.append(Miss(kind: .missed, category: c, expected: e, found: nil, id: report.id, text: text, spans: []))
            case let (nil, f?):
                k.falsePositives += 1
                misses.append(Miss(kind: .falseAlarm, category: c, expected: nil, found: f, id: report.id, text: text, spans: spans))
            case (nil, nil):
                break
            }
            if expected[c] == .block {
                k.blockLabels += 1
                if found[c] == .block {
                    k.blockFound += 1
                } else if let f = found[c] {
                    misses.append(Miss(kind: .underGraded, category: c, expected: .block, found: f, id: report.id, text: text, spans: spans))
                }
            }
            counts[c] = k
        }
    }

    /// Share of block labels found at block, over all categories.
    public var blockRecall: Double {
        ratio(counts.values.reduce(0) { $0 + $1.blockFound }, counts.values.reduce(0) { $0 + $1.blockLabels })
    }

    /// Share of clean posts with any finding at caution or above / warning or above.
    public var cleanCautionRate: Double { cleanPosts == 0 ? 0 : Double(cleanAlarmedCaution) / Double(cleanPosts) }
    public var cleanWarningRate: Double { cleanPosts == 0 ? 0 : Double(cleanAlarmedWarning) / Double(cleanPosts) }

    /// Counts for `category` (zeros when it never appeared).
    public func counts(for category: Category) -> Counts { counts[category] ?? Counts() }
}

private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }
