import CPhoneNumbers
import Lexicons

/// Digits that may be a phone number, as the candidate scan found them.
struct PhoneCandidate {
    /// Folded byte range, from the first "+", "(" or digit to the last digit of any extension.
    var range: Range<Int>
    /// ASCII digits of the number, without its extension; a "(0)" after a country code left out.
    var digits: [UInt8]
    /// Led by "+" (or "(+").
    var plus: Bool
    /// How many digits each written group holds: "(617) 394-2270" is [3, 3, 4].
    var groups: [Int]
}

/// What a candidate is, read as a phone number.
enum PhoneReading: Equatable {
    /// A number that reaches a person (mobile, landline, VoIP, personal numbering), with its key:
    /// national form for the UK ("07700900123"), else "+" and digits.
    case personal(String, evidence: PhoneEvidence)
    /// A number that reaches a service (freephone, premium, shared cost, UK-wide): not a contact detail.
    case service
    /// Not a phone number.
    case none
}

/// How sure the shape alone makes a reading.
enum PhoneEvidence: Equatable {
    /// A UK number (0 or +44), or any number with its country code: a phone number wherever it stands.
    case certain
    /// Dialable only read abroad (a North American number written 617-394-2270): a label before it
    /// ("order", "ISBN") overrules it.
    case abroad
    /// Dialable only abroad and written without a telling shape ("6467123381", "03-5417289"): a phone
    /// number only after a cue ("number", "call", "mobile") and with no label overruling it.
    case needsCue
}

/// Reads phone-number candidates as a person would dial them from the school's home region.
///
/// UK numbers (starting 0 or +44, with a GB home region) are read by hand from Ofcom's numbering plan:
/// length and leading digits, with the service ranges in `contact/phone-services`. libphonenumber calls
/// the ranges Ofcom keeps for drama (07700 900xxx, 01632 960xxx) invalid, but a person could dial them,
/// and the corpora use them; the hand reading also costs nothing. Everything else (other countries'
/// codes, other home regions, North American and other national formats) goes to Google's
/// libphonenumber, whose metadata is loaded on the first such candidate, never for clean text.
struct PhoneReader: Sendable {
    /// The profile's home region, upper-case ("GB").
    let region: String

    init(region: String) {
        self.region = region.uppercased()
    }

    /// The reading of `c`.
    func read(_ c: PhoneCandidate) -> PhoneReading {
        let d = c.digits
        guard d.count >= 7, d.count <= 17, !looksLikeCheckDigitCode(c) else { return .none }
        // "+44 …", "0044 …": a UK number in international form, from any home region.
        if c.plus && d.starts(with: [0x34, 0x34]) { return Self.readUK(Array(d.dropFirst(2)), international: true) }
        if !c.plus && d.starts(with: [0x30, 0x30, 0x34, 0x34]) { return Self.readUK(Array(d.dropFirst(4)), international: true) }
        if region == "GB" {
            if !c.plus && d.first == 0x30 && d.dropFirst().first != 0x30 {
                let uk = Self.readUK(d, international: false)
                if uk != .none { return uk }
                return readAbroad(c)
            }
            if c.plus || d.starts(with: [0x30, 0x30]) {
                return PhoneLibrary.read(international(c), region: region).map { Self.reading($0, evidence: .certain) } ?? .none
            }
            return readAbroad(c)
        }
        // Another home region: the library reads national, international and trunk forms alike.
        let text = c.plus ? international(c) : String(decoding: d, as: UTF8.self)
        if let home = PhoneLibrary.read(text, region: region), home.status == Int32(PSPHONE_VALID) {
            return Self.reading(home, evidence: .certain)
        }
        return c.plus ? .none : readAbroad(c)
    }

    /// The key a profile's own published number is compared by ("023 9272 2125" → "02392722125").
    func key(ofWritten phone: String) -> String? {
        let bytes = Array(phone.utf8)
        let digits = bytes.filter(ContactRecognisers.isDigit)
        let candidate = PhoneCandidate(range: 0..<bytes.count, digits: digits, plus: phone.hasPrefix("+"), groups: [digits.count])
        switch read(candidate) {
        case .personal(let key, _): return key
        case .service, .none:
            // A school may publish a freephone number: still its own, compared by its digits.
            return digits.isEmpty ? nil : (phone.hasPrefix("+") ? "+" : "") + String(decoding: digits, as: UTF8.self)
        }
    }

    private func international(_ c: PhoneCandidate) -> String {
        var d = c.digits[...]
        if !c.plus && d.starts(with: [0x30, 0x30]) { d = d.dropFirst(2) }
        return "+" + String(decoding: d, as: UTF8.self)
    }

    /// Digits that cannot be dialled at home, read abroad: North American numbers by shape, other
    /// countries' national numbers (led by a trunk "0") only after a cue.
    private func readAbroad(_ c: PhoneCandidate) -> PhoneReading {
        let d = c.digits
        if d.first == 0x30 {
            guard d.count >= 8, d.count <= 12 else { return .none }
            return PhoneLibrary.readAnywhere(String(decoding: d, as: UTF8.self), except: region)
                .map { Self.reading($0, evidence: .needsCue) } ?? .none
        }
        // North America: ten digits, or eleven led by the country code 1.
        guard d.count == 10 || (d.count == 11 && d.first == 0x31), region != "US", region != "CA" else { return .none }
        guard let reading = PhoneLibrary.read(String(decoding: d, as: UTF8.self), region: "US"),
            reading.status == Int32(PSPHONE_VALID)
        else { return .none }
        // Written the way North American numbers are (617-394-2270, (617) 394-2270, 1-617-394-2270).
        let written = c.groups == [3, 3, 4] || c.groups == [1, 3, 3, 4]
        return Self.reading(reading, evidence: written ? .abroad : .needsCue)
    }

    /// ISBNs, card numbers and the like: a check digit alone in the last group ("0-306-40615-2",
    /// "0 19 852663 6"), or four groups of four. Phone numbers are not written so.
    private func looksLikeCheckDigitCode(_ c: PhoneCandidate) -> Bool {
        guard c.groups.count >= 3 else { return false }
        if c.groups.last == 1 && c.groups.contains(where: { $0 >= 3 }) { return true }
        return c.groups.count >= 4 && c.groups.suffix(4).allSatisfy { $0 == 4 }
    }

    private static func reading(_ r: psphone_reading, evidence: PhoneEvidence) -> PhoneReading {
        guard r.status == Int32(PSPHONE_VALID) else { return .none }
        guard personalTypes.contains(r.type) else { return .service }
        return .personal(PhoneLibrary.key(r), evidence: evidence)
    }

    /// libphonenumber's types that reach a person; the rest (toll-free, premium, shared cost, UAN,
    /// voicemail) reach a service.
    static let personalTypes: Set<Int32> = [
        Int32(PSPHONE_FIXED_LINE), Int32(PSPHONE_MOBILE), Int32(PSPHONE_FIXED_LINE_OR_MOBILE), Int32(PSPHONE_VOIP),
        Int32(PSPHONE_PERSONAL_NUMBER), Int32(PSPHONE_PAGER),
    ]

    // MARK: UK numbers by hand

    /// The UK service ranges (`contact/phone-services`), as digit strings.
    static let ukServicePrefixes: [[UInt8]] = {
        guard let text = try? LexiconStore.file("contact/phone-services.list") else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let digits = Array(line.utf8.prefix { $0 != 0x23 && $0 != 0x20 }).filter(ContactRecognisers.isDigit)
            return line.hasPrefix("#") || digits.isEmpty ? nil : digits
        }
    }()

    /// A UK number in national form ("07700900123"), or its national significant digits after +44
    /// (a "(0)" already left out; a stray 0 after +44 is dropped here).
    static func readUK(_ digits: [UInt8], international: Bool) -> PhoneReading {
        var d = digits
        if international {
            if d.first == 0x30 { d.removeFirst() }
            d.insert(0x30, at: 0)
        }
        guard d.count >= 2, d[0] == 0x30 else { return .none }
        // 11 digits; 10 for some 01 areas ("016977 4321") and 0800 ("0800 123 456"). "0800 1111"
        // (Childline, 8 digits) is a helpline, not a number of this shape.
        let second = d[1]
        let lengthOK = d.count == 11 || (d.count == 10 && (second == 0x31 || d.starts(with: [0x30, 0x38, 0x30, 0x30])))
        guard lengthOK, "1235789".utf8.contains(second) else { return .none }
        if ukServicePrefixes.contains(where: { d.starts(with: $0) }) { return .service }
        return .personal(String(decoding: d, as: UTF8.self), evidence: .certain)
    }
}

/// Google's libphonenumber behind the C shim. Its metadata loads on the first call.
enum PhoneLibrary {
    static func read(_ number: String, region: String) -> psphone_reading? {
        var out = psphone_reading()
        var number = number
        let status = number.withUTF8 { n in
            region.withCString { r in
                n.withMemoryRebound(to: CChar.self) { psphone_read($0.baseAddress, Int32($0.count), r, &out) }
            }
        }
        return status == Int32(PSPHONE_NOT_A_NUMBER) ? nil : out
    }

    /// The first region (other than `except`) where a national `number` is a valid personal number.
    static func readAnywhere(_ number: String, except: String) -> psphone_reading? {
        var out = psphone_reading()
        var number = number
        let mask = PhoneReader.personalTypes.reduce(UInt32(0)) { $0 | 1 << UInt32($1) }
        let found = number.withUTF8 { n in
            except.withCString { r in
                n.withMemoryRebound(to: CChar.self) { psphone_read_anywhere($0.baseAddress, Int32($0.count), r, mask, &out) }
            }
        }
        return found == 1 ? out : nil
    }

    /// "+" and the digits of a reading ("+16173942270"), or the UK national form for +44.
    static func key(_ r: psphone_reading) -> String {
        var r = r
        let national = withUnsafeBytes(of: &r.national) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if r.country_code == 44 { return "0" + national }
        return "+\(r.country_code)" + national
    }

    /// Whether libphonenumber knows `region` (loads its metadata).
    static func knows(region: String) -> Bool {
        region.withCString { psphone_is_region($0) } == 1
    }
}
