/// How serious a finding is, lowest first.
public enum Grade: Int, Comparable, CaseIterable, Sendable, CustomStringConvertible {
    /// Worth knowing; posting is fine.
    case notice
    /// Read it again before posting; may breach policy in context.
    case caution
    /// Likely breaches policy; edit before posting.
    case warning
    /// Do not post this: a clear breach.
    case block

    public static func < (a: Grade, b: Grade) -> Bool { a.rawValue < b.rawValue }

    /// The grade's name as used in output and configuration.
    public var description: String {
        switch self {
        case .notice: "notice"
        case .caution: "caution"
        case .warning: "warning"
        case .block: "block"
        }
    }

    /// Parses a grade name ("notice", "caution", "warning", "block"), ignoring case.
    public init?(name: String) {
        guard let grade = Grade.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = grade
    }
}

/// What a finding is about. The raw values are stable ids used in output and configuration.
public enum Category: String, CaseIterable, Sendable {
    /// A pupil identified by full name.
    case pupilName = "pupil-name"
    /// Personal contact details.
    case contactDetails = "contact-details"
    /// Risk of a defamatory statement.
    case defamation
    /// Confidential or sensitive business.
    case confidential
    /// The school's identity on a personal account.
    case schoolBranding = "school-branding"
    /// Airing workplace grievances.
    case grievance
    /// Inviting or accepting contact with pupils on personal accounts.
    case pupilContact = "pupil-contact"
    /// Images of pupils.
    case pupilImage = "pupil-image"
    /// Abusive, threatening or discriminatory language.
    case abuse
    /// Passwords, codes and log-in details.
    case security
}

/// Which kind of account the draft is for.
public enum Account: String, CaseIterable, Sendable {
    /// A member of staff's own account (the default).
    case personal
    /// The school's official account: branding is expected there.
    case official
}
