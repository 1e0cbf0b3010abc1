import CPhoneNumbers
import Foundation
import Testing
@testable import PostScreen

/// Contact details to the standard of the PII libraries (issue 16): phone numbers from anywhere,
/// every postcode form, valid emails — and the false alarms those libraries' suites warn about.
struct ContactRecogniserTests {
    /// A case: its kind (where its kind of case comes from), and the exact spans expected.
    struct Case: Decodable {
        var id, kind, text: String
        var labels: [AccuracyTests.Labelled.Label]
        var spans: [String]?
    }

    static let file = Support.fixtures.appendingPathComponent("recognisers/contact-cases.jsonl")

    static let cases: [Case] = {
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isNewline).map { try! JSONDecoder().decode(Case.self, from: Data($0.utf8)) }
    }()

    static func contactFindings(_ text: String, _ screener: Screener = Support.generic) -> [Finding] {
        screener.screen(text).findings.filter { $0.category == .contactDetails && $0.grade >= .caution }
    }

    @Test("the case set written from the PII libraries' suites: contact-details F1 at least 0.95")
    func caseSetScore() throws {
        #expect(Self.cases.count >= 180)
        let evaluation = try AccuracyTests.evaluate([Self.file], profiles: nil)
        let k = evaluation.counts(for: .contactDetails)
        #expect(k.f1 >= 0.95, "F1 \(k.f1): \(evaluation.misses.map { "\($0.kind.rawValue) \($0.text)" })")
        #expect(k.precision >= 0.95 && k.recall >= 0.95)
    }

    @Test("every case: the exact spans found, and nothing on the clean near-misses")
    func caseSpans() {
        for c in Self.cases {
            let found = Self.contactFindings(c.text).map(\.text)
            if c.labels.isEmpty {
                #expect(found.isEmpty, "\(c.id) \(c.kind): \(c.text) flagged \(found)")
            } else if let spans = c.spans {
                #expect(found.sorted() == spans.sorted(), "\(c.id) \(c.kind): \(c.text) found \(found)")
            } else {
                #expect(!found.isEmpty, "\(c.id) \(c.kind): \(c.text) not found")
            }
        }
    }

    // MARK: Phone numbers

    static let gb = PhoneReader(region: "GB")

    static func read(_ written: String, _ reader: PhoneReader = gb) -> PhoneReading {
        let bytes = Array(written.utf8)
        let plus = written.contains("+")
        return reader.read(ContactRecognisers.candidate(bytes, 0..<bytes.count, plus: plus))
    }

    @Test("libphonenumber is installed and opens (scripts/install-deps.sh installs libphonenumber-dev)")
    func libraryOpens() {
        #expect(psphone_available() == 1)
        #expect(PhoneLibrary.knows(region: "GB") && PhoneLibrary.knows(region: "US") && !PhoneLibrary.knows(region: "QQ"))
    }

    @Test("Ofcom's drama ranges are personal numbers, though libphonenumber calls some invalid")
    func dramaRanges() {
        for number in [
            "07700 900123", "01632 960123", "0113 496 0123", "0114 496 0123", "0115 496 0123", "0116 496 0123",
            "0117 496 0123", "0118 496 0123", "0121 496 0123", "0131 496 0123", "0141 496 0123", "0151 496 0123",
            "0161 496 0123", "020 7946 0123", "028 9018 0123", "029 2018 0123", "+44 7700 900123",
        ] {
            guard case .personal(_, .certain) = Self.read(number) else {
                Issue.record("\(number): \(Self.read(number))")
                continue
            }
        }
        // Ofcom's drama freephone and premium ranges are services like any other.
        #expect(Self.read("08081 570123") == .service)
        #expect(Self.read("0909 879 0123") == .service)
        #expect(Self.read("03069 990123") == .service)
    }

    @Test("the hand reading of UK numbers agrees with libphonenumber wherever the library knows the range")
    func ukReadingAgreesWithLibrary() {
        let numbers = [
            "01614960219", "02079460813", "01134960774", "02920180633", "07123456789", "07912345678", "07012345678",
            "05612345678", "08000684141", "08088005000", "08001234567", "09098790123", "03001234567", "03331234567",
            "08451234567", "08443123456", "08701234567", "08712345678", "01204123456", "01697712345", "05512345678",
        ]
        var compared = 0
        for number in numbers {
            var reading = psphone_reading()
            guard psphone_read(number, Int32(number.utf8.count), "GB", &reading) == Int32(PSPHONE_VALID) else { continue }
            compared += 1
            let libraryPersonal = PhoneReader.personalTypes.contains(reading.type)
            let hand = PhoneReader.readUK(Array(number.utf8), international: false)
            switch hand {
            case .personal: #expect(libraryPersonal, "\(number): library type \(reading.type), hand reading personal")
            case .service: #expect(!libraryPersonal, "\(number): library type \(reading.type), hand reading a service")
            case .none: Issue.record("\(number): valid for the library, not a number by hand")
            }
        }
        #expect(compared >= 15)
    }

    @Test("numbers from any country, judged by type: personal lines count, toll-free and premium do not")
    func international() {
        for number in ["+1 617 394 2270", "+47 22 41 63 80", "+353 87 412 6630", "+33 (0)6 71 42 90 18", "0033 6 71 42 90 18"] {
            guard case .personal(_, .certain) = Self.read(number) else {
                Issue.record("\(number): \(Self.read(number))")
                continue
            }
        }
        #expect(Self.read("+1 888 555 0134") == .service)
        #expect(Self.read("1-800-273-8255") == .service)
        #expect(Self.read("+1 212 555") == .none)
    }

    @Test("North American numbers written as such are read without a cue; a bare run needs one")
    func northAmerican() {
        #expect(Self.read("617-394-2270") == .personal("+16173942270", evidence: .abroad))
        #expect(Self.read("(617) 394-2270") == .personal("+16173942270", evidence: .abroad))
        #expect(Self.read("1-617-394-2270") == .personal("+16173942270", evidence: .abroad))
        #expect(Self.read("6173942270") == .personal("+16173942270", evidence: .needsCue))
        #expect(Self.contactFindings("Ref 6173942270 for the claim").isEmpty)
        #expect(Self.contactFindings("Text 6173942270 tonight").map(\.text) == ["6173942270"])
        // A label overrules the shape: an order number laid out like a phone number.
        #expect(Self.contactFindings("Order 617-394-2270 shipped").isEmpty)
    }

    @Test("another country's national form needs a cue: 'number', 'call', 'mobile'")
    func foreignNational() {
        #expect(Self.contactFindings("My number in Tel Aviv is 03-5417289").map(\.text) == ["03-5417289"])
        #expect(Self.contactFindings("Page 03-5417289 of the log").isEmpty)
    }

    @Test("the profile's home region reads national numbers")
    func homeRegion() throws {
        var profile = SchoolProfile.generic
        profile.region = "IE"
        let irish = try Screener(profile: profile)
        #expect(Self.contactFindings("Text me on 087 412 6630", irish).map(\.text) == ["087 412 6630"])
        #expect(Self.contactFindings("Freephone 1800 123 456", irish).isEmpty)
        // Read from Ireland, a UK number still needs its +44.
        #expect(Self.contactFindings("Text me on +44 7700 900461", irish).map(\.text) == ["+44 7700 900461"])
        profile.region = "US"
        let american = try Screener(profile: profile)
        #expect(Self.contactFindings("Call (617) 394-2270", american).map(\.text) == ["(617) 394-2270"])
        #expect(Self.contactFindings("Call 1-800-273-8255", american).isEmpty)
    }

    @Test("a profile's region is two letters")
    func regionKey() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("region-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.toml")
        try "[school]\nname = \"St Brigid's\"\nregion = \"ie\"\n".write(to: good, atomically: true, encoding: .utf8)
        #expect(try ProfileLoader.load(from: good).profile.region == "IE")
        #expect(try ProfileLoader.load(from: good).warnings.isEmpty)
        let bad = dir.appendingPathComponent("bad.toml")
        try "[school]\nregion = \"Ireland\"\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: ProfileError.self) { try ProfileLoader.load(from: bad) }
        #expect(SchoolProfile.generic.region == "GB")
    }

    @Test("extensions belong to the number")
    func extensions() {
        for (text, span) in [
            ("ring 617-394-2270 x12 now", "617-394-2270 x12"), ("ring 617-394-2270 ext. 45 now", "617-394-2270 ext. 45"),
            ("ring (617)394-2270EXT31 now", "(617)394-2270EXT31"), ("ring 07700 900461 extn 4 now", "07700 900461 extn 4"),
            ("ring (617) 394-2270, ext 7246433 now", "(617) 394-2270, ext 7246433"),
        ] {
            #expect(Self.contactFindings(text).map(\.text) == [span], "\(text)")
        }
        // "x" that is not an extension marker: the number alone.
        #expect(Self.contactFindings("ring 07700 900461 xmas only").map(\.text) == ["07700 900461"])
    }

    @Test("numbers hidden by spacing, dots and full-width digits are caught")
    func hidden() {
        for (text, span) in [
            ("text 0 7 7 0 0 9 0 0 1 2 3", "0 7 7 0 0 9 0 0 1 2 3"), ("text 07700.900.123", "07700.900.123"),
            ("text ０７７００ ９００１２３", "０７７００ ９００１２３"), ("text ＋４４ ７７００ ９００１２３", "＋４４ ７７００ ９００１２３"),
        ] {
            #expect(Self.contactFindings(text).map(\.text) == [span], "\(text)")
        }
    }

    @Test("a run that does not read whole is read without its trailing or leading group")
    func runsBesideOtherDigits() {
        #expect(Self.contactFindings("Selling 07700 900461 2 tickets").map(\.text) == ["07700 900461"])
        #expect(Self.contactFindings("Year 9 07700 900461").map(\.text) == ["07700 900461"])
        #expect(Self.contactFindings("Both: 07700 900461 0161 496 0219").map(\.text) == ["07700 900461", "0161 496 0219"])
    }

    @Test("a draft that is one endless sentence of contact details screens in linear time (×10 → ×10)")
    func endlessSentence() {
        for unit in ["(617) 394-2270 x1 ", "M1 1AE eh38dx ", "ring 07700 900461 "] {
            let t = [100, 1000].map { n in
                RobustnessTests.time(unit, n, runs: 2)
            }
            // Linear means ×10; the rule once scanned back to the sentence's start for every number (×100).
            #expect(t[1] / max(t[0], 1e-4) < 30, "\(unit): \(t)")
        }
    }

    // MARK: Postcodes

    @Test("postcodes in every written form, checked against the real areas and inward letters")
    func postcodes() {
        func full(_ s: String) -> Bool {
            Postcode.isFull(Array(s.utf8)[...])
        }
        for valid in ["M11AE", "BS407TJ", "EC1A1BB", "W1D4FA", "CR02RH", "DN551PT", "GIR0AA", "eh38dx", "sw1a2aa", "BT71NN"] {
            #expect(full(valid), "\(valid)")
        }
        // QA, VA, XA are no areas; C, I, K, M, O, V are never inward letters; a digit cannot lead.
        for invalid in ["QA11AA", "VA11AA", "XA11AA", "M11CA", "M11AI", "1A11AA", "LS62IB", "BS34KP", "W1I4FA", "EC1Z1BB", "s54th"] {
            #expect(!full(invalid), "\(invalid)")
        }
        #expect(Self.contactFindings("Moved to M14 5RQ").map(\.text) == ["M14 5RQ"])
        #expect(Self.contactFindings("Moved to m145rq").map(\.text) == ["m145rq"])
        #expect(Self.contactFindings("Moved to EH 38DX").map(\.text) == ["EH 38DX"])
        #expect(Self.contactFindings("Moved to M14").isEmpty, "an outward code alone is not a contact detail")
        #expect(Self.contactFindings("Broke down on the M11 AA came quickly").isEmpty)
    }

    // MARK: Emails

    @Test("emails are checked for shape: no empty labels, no doubled dots, a real top-level domain")
    func emails() {
        func deliverable(_ address: String) -> Bool {
            let parts = address.split(separator: "@", maxSplits: 1)
            return ContactRecognisers.isDeliverable(local: Array(parts[0].utf8)[...], domain: String(parts[1]).lowercased())
        }
        for valid in ["jo.bright@gmail.com", "a_b@outlook.co.uk", "x+tag@fastmail.info", "Jo1@example.org", "j@mail.school"] {
            #expect(deliverable(valid), "\(valid)")
        }
        for invalid in ["john.smith@gmail..com", "jo..b@gmail.com", "jo.@gmail.com", "jo@localhost", "jo@gmail.c",
                        "jo@-gmail.com", "jo@site.notarealtld", "jo@.com"] {
            #expect(!deliverable(invalid), "\(invalid)")
        }
        #expect(Self.contactFindings("write to jo [at] gmail [dot] com").map(\.text) == ["jo [at] gmail [dot] com"])
        #expect(Self.contactFindings("write to jo at gmail dot cmo").isEmpty)
    }
}
