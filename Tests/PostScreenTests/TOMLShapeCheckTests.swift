import Foundation
import Testing
@testable import PostScreen

/// The structural TOML check that stands between a profile and TOMLKit's parser (which aborts on
/// some malformed input instead of reporting it).
struct TOMLShapeCheckTests {
    @Test("well-formed profiles pass", arguments: [
        "[school]\nname = \"A\" # comment\naliases = [\"B\", 'C']\n",
        "[school]\nhashtags = [\n  \"#X\",  # first\n  \"#Y\",\n]\n\n[rules]\n\"contact-details.handle\" = \"off\"\n",
        "a.b = { c = 1, d = [true, false] }\nwhen = 1979-05-27 07:32:00Z\nnote = \"\"\"\nmulti\nline\"\"\"\n",
        "[[people.extra]]\nx = -1.5e3\r\n",
    ])
    func passes(_ text: String) {
        #expect(TOMLShapeCheck.problem(in: text) == nil, "\(TOMLShapeCheck.problem(in: text)?.message ?? "")")
    }

    @Test("malformed statements are reported with their line", arguments: [
        ("[school]\naliases = [\"T\", }\n", 2),
        ("[school]\nname = Harbourside\n", 2),
        ("x = \"open\ny = 1\n", 1),
        ("[school]\n\n= \"no key\"\n", 3),
        ("[[  [\n", 1),
        ("a = [1, 2\n", 1),
        ("a = {b = 1\n", 1),
        ("a = 1 2\n", 1),
    ])
    func fails(_ text: String, _ line: Int) {
        let problem = TOMLShapeCheck.problem(in: text)
        #expect(problem != nil)
        #expect(problem?.line == line, "\(problem?.message ?? "")")
    }
}
