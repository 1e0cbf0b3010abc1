import PostScreen

/// The draft with the fixes that need no judgement applied: a pupil's full name cut to the allowed
/// form ("Ben Smith" → "Ben S."), and a phone number or email address taken out. Everything else
/// (an allegation, a grievance, a password) needs the author to rewrite it, so it is left as written.
enum SaferVersion {
    /// The draft with every mechanical fix applied, or nil when the report has none to make.
    static func text(of source: [UInt8], report: Report) -> String? {
        var fixes: [(range: Range<Int>, replacement: [UInt8])] = []
        for finding in report.findings {
            guard let replacement = replacement(for: finding), finding.start < finding.end, finding.end <= source.count,
                !fixes.contains(where: { $0.range.overlaps(finding.start..<finding.end) })
            else { continue }
            fixes.append((finding.start..<finding.end, replacement))
        }
        guard !fixes.isEmpty else { return nil }
        var out = source
        for fix in fixes.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            var range = fix.range
            if fix.replacement.isEmpty {
                // "call 07700 900123 tonight" → "call tonight", not "call  tonight".
                if range.lowerBound > 0, out[range.lowerBound - 1] == 0x20,
                    range.upperBound == out.count || [0x20, 0x0A, 0x2C, 0x2E, 0x21, 0x3F, 0x29].contains(out[range.upperBound])
                {
                    range = (range.lowerBound - 1)..<range.upperBound
                }
            }
            out.replaceSubrange(range, with: fix.replacement)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A phone number or email is removed; a pupil's name becomes the suggestion's first form
    /// ("Ben S." of "Ben S. or Ben, Year 10").
    private static func replacement(for finding: Finding) -> [UInt8]? {
        switch finding.category {
        case .pupilName:
            guard let suggestion = finding.suggestion, !suggestion.isEmpty else { return nil }
            let first = suggestion.components(separatedBy: " or ")[0]
            return Array(first.utf8)
        case .contactDetails where finding.rule == "contact-details.phone" || finding.rule == "contact-details.email":
            return []
        default:
            return nil
        }
    }
}
