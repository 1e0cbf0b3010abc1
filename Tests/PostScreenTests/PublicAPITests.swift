import Foundation
import PostScreen
import Testing

/// Uses only the public API, as a tool linking the library would.
struct PublicAPITests {
    @Test("a linking tool can build a screener, screen a draft and encode the report")
    func screenAndEncode() throws {
        let screener = try Screener(profile: .generic)
        let report = screener.screen("Year 11s — text me on 07700 900412", account: .personal, id: "draft-1")
        #expect(report.verdict == .block)
        #expect(report.verdictName == "block")
        let phone = try #require(report.findings.first { $0.category == .contactDetails })
        #expect(phone.rule == "contact-details.phone")
        #expect(phone.text == "07700 900412")
        #expect(Array("Year 11s — text me on 07700 900412".utf8)[phone.start..<phone.end].elementsEqual("07700 900412".utf8))
        let json = ReportEncoding.json(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["id"] as? String == "draft-1")
        #expect(object["verdict"] as? String == "block")
        let findings = try #require(object["findings"] as? [[String: Any]])
        for f in findings {
            for key in ["category", "rule", "grade", "confidence", "start", "end", "line", "column", "text", "message", "reason"] {
                #expect(f[key] != nil, "finding lacks \(key)")
            }
        }
    }

    @Test("a custom profile built in code drives roster matching and school names")
    func customProfile() throws {
        var profile = SchoolProfile(name: "Riverside Academy", aliases: ["RA"], hashtags: ["#RiversideRocks"])
        profile.roster = [Person(forename: "Thomas", surname: "Okoro", preferred: "Tom", year: "8")]
        let screener = try Screener(profile: profile)
        let report = screener.screen("So proud of Tom Okoro today #RiversideRocks")
        #expect(report.findings.contains { $0.rule == "pupil-name.roster" && $0.text == "Tom Okoro" && $0.suggestion?.hasPrefix("Tom O.") == true })
        #expect(report.findings.contains { $0.category == .schoolBranding && $0.grade == .warning })
        #expect(screener.screen("So proud of Tom Okoro today #RiversideRocks", account: .official).findings.allSatisfy { $0.category != .schoolBranding })
    }

    @Test("profile [rules] settings switch a rule off or regrade it")
    func ruleSettings() throws {
        var profile = SchoolProfile()
        profile.rules = ["contact-details": .off, "grievance": .grade(.notice)]
        let screener = try Screener(profile: profile)
        let report = screener.screen("Call me on 07700 900123. SLT have stitched us up again, what a joke")
        #expect(!report.findings.contains { $0.category == .contactDetails })
        #expect(report.findings.filter { $0.category == .grievance }.allSatisfy { $0.grade == .notice })
    }

    @Test("one screener is shared safely by many threads")
    func concurrentUse() async throws {
        let screener = try Screener(profile: .generic)
        let expected = screener.screen("Mr Jones is a thief, text me on 07700 900123")
        await withTaskGroup(of: Report.self) { group in
            for _ in 0..<64 { group.addTask { screener.screen("Mr Jones is a thief, text me on 07700 900123") } }
            for await report in group { #expect(report == expected) }
        }
    }

    @Test("lines and columns count CRLF and scalars correctly")
    func positions() throws {
        let screener = try Screener(profile: .generic)
        let text = "Héllo 😀\r\nCall me on 07700 900123"
        let f = try #require(screener.screen(text).findings.first { $0.category == .contactDetails })
        #expect(f.line == 2)
        #expect(f.column == 12)
    }
}
