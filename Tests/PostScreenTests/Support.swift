import Foundation
@testable import PostScreen

/// Shared fixtures: the generic screener, a small test school with a roster, and paths.
enum Support {
    /// Test fixtures, read from the source tree (always present where tests run) so that a stale
    /// copied resource bundle can never hide an edit.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The repository root (for the CLI binary and examples).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `../shared/corpus`, present on developer machines and in CI.
    static let corpus = repository.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    static var hasCorpus: Bool { FileManager.default.fileExists(atPath: corpus.path) }

    static let generic: Screener = try! Screener(profile: .generic)

    static let schoolProfile: SchoolProfile = try! ProfileLoader.load(
        from: fixtures.appendingPathComponent("school/postscreen.toml")
    ).profile

    static let school: Screener = try! Screener(profile: schoolProfile)

    /// The same two screeners with the rules alone (no trained scorer).
    static let genericRules: Screener = try! Screener(profile: .generic, stages: .rules)
    static let schoolRules: Screener = try! Screener(profile: schoolProfile, stages: .rules)

    static func corpusScreener(_ name: String) throws -> Screener {
        let loaded = try ProfileLoader.load(from: corpus.appendingPathComponent("profiles/\(name).toml"))
        return try Screener(profile: loaded.profile)
    }
}
