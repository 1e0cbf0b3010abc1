/// A person on a roster or staff list.
public struct Person: Sendable, Hashable {
    /// Legal forename ("Benjamin").
    public var forename: String
    /// Surname ("Smith", "O'Connor", "Hart-Smith").
    public var surname: String
    /// Preferred forename ("Ben"), if different.
    public var preferred: String?
    /// Year group ("10"), for pupils.
    public var year: String?
    /// Role ("Headteacher"), for staff.
    public var role: String?

    /// Creates a person.
    public init(forename: String, surname: String, preferred: String? = nil, year: String? = nil, role: String? = nil) {
        self.forename = forename
        self.surname = surname
        self.preferred = preferred
        self.year = year
        self.role = role
    }
}

/// A rule or category switched off, or given another grade, by the profile's `[rules]` table.
public enum RuleSetting: Sendable, Hashable {
    /// The rule raises nothing.
    case off
    /// The rule's findings take this grade.
    case grade(Grade)
}

/// What PostScreen knows about a school: its names and marks, its people, and rule settings.
///
/// Load one from `postscreen.toml` with ``ProfileLoader``, or use ``SchoolProfile/generic``.
public struct SchoolProfile: Sendable {
    /// The school's full name.
    public var name: String?
    /// Other names and abbreviations ("ALNS").
    public var aliases: [String]
    /// The trust the school belongs to.
    public var trust: String?
    /// Official hashtags, with "#".
    public var hashtags: [String]
    /// Official handles, with "@".
    public var handles: [String]
    /// Email domains of the school: addresses there are not personal.
    public var domains: [String]
    /// Mottos and slogans.
    public var mottos: [String]
    /// The school's own published phone numbers.
    public var phones: [String]
    /// Home region (two letters, "GB" by default): phone numbers written without a country code are
    /// read as dialled there.
    public var region: String = "GB"
    /// Pupils on roll.
    public var roster: [Person]
    /// Members of staff.
    public var staff: [Person]
    /// Pupils whose parents withheld consent for images.
    public var noImages: [Person]
    /// Per-category ("grievance") or per-rule ("contact-details.handle") settings.
    public var rules: [String: RuleSetting]
    /// How readily the trained scorer raises each language category (`[sensitivity]`); unset is normal.
    public var sensitivity: [Category: Sensitivity] = [:]
    /// Where the profile came from, for messages.
    public var source: String

    /// Creates a profile.
    public init(
        name: String? = nil, aliases: [String] = [], trust: String? = nil, hashtags: [String] = [],
        handles: [String] = [], domains: [String] = [], mottos: [String] = [], phones: [String] = [],
        roster: [Person] = [], staff: [Person] = [], noImages: [Person] = [], rules: [String: RuleSetting] = [:],
        source: String = "built-in default profile"
    ) {
        self.name = name
        self.aliases = aliases
        self.trust = trust
        self.hashtags = hashtags
        self.handles = handles
        self.domains = domains
        self.mottos = mottos
        self.phones = phones
        self.roster = roster
        self.staff = staff
        self.noImages = noImages
        self.rules = rules
        self.source = source
    }

    /// The embedded default profile: generic school vocabulary, no school names, no roster.
    public static let generic = SchoolProfile()

    /// The setting that applies to a rule: its own entry, else its category's.
    func setting(rule: String, category: Category) -> RuleSetting? {
        rules[rule] ?? rules[category.rawValue]
    }
}
