import Foundation

/// The word lists PostScreen ships, as reviewable text files in `Data/`.
///
/// Each file holds one phrase per line; `#` starts a comment. The lists are data, not code: a
/// school's safeguarding lead can read them, and a profile can add to them.
public enum LexiconStore {
    /// Errors finding or reading a lexicon.
    public enum Failure: Error, CustomStringConvertible, Sendable {
        case bundleMissing(searched: [String])
        case unreadable(path: String, reason: String)

        public var description: String {
            switch self {
            case .bundleMissing(let searched):
                return "PostScreen's word lists were not found (looked in \(searched.joined(separator: ", "))). "
                    + "Keep the PostScreen_Lexicons.resources folder next to the screen binary, "
                    + "or set POSTSCREEN_LEXICONS to the folder holding the lists."
            case .unreadable(let path, let reason):
                return "\(path): cannot read word list: \(reason)"
            }
        }
    }

    /// The folder holding the lists: `POSTSCREEN_LEXICONS`, then beside the executable, then the
    /// resource bundle SwiftPM built.
    public static let directory: Result<URL, Failure> = {
        var searched: [String] = []
        let fm = FileManager.default
        func check(_ url: URL) -> URL? {
            searched.append(url.path)
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue ? url : nil
        }
        if let override = ProcessInfo.processInfo.environment["POSTSCREEN_LEXICONS"], !override.isEmpty,
            let found = check(URL(fileURLWithPath: override))
        {
            return .success(found)
        }
        let bundleName = "PostScreen_Lexicons.resources"
        var roots: [URL] = []
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            roots.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        roots.append(Bundle.main.bundleURL)
        if let resources = Bundle.main.resourceURL { roots.append(resources) }
        for root in roots {
            if let found = check(root.appendingPathComponent(bundleName).appendingPathComponent("Data")) {
                return .success(found)
            }
            if let found = check(root.appendingPathComponent(bundleName)) {
                if let data = check(found.appendingPathComponent("Data")) { return .success(data) }
            }
        }
        #if canImport(Darwin)
            if let found = check(Bundle.module.bundleURL.appendingPathComponent("Data")) { return .success(found) }
        #endif
        return .failure(.bundleMissing(searched: searched))
    }()

    /// The text of list `name` (a path under `Data/` without `.txt`, such as `"defamation/allegation"`).
    public static func text(named name: String) throws(Failure) -> String {
        let folder = try directory.get()
        let url = folder.appendingPathComponent(name + ".txt")
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// The path of a data file under `Data/` (such as the scorer's `model/scorer.bin`, which the
    /// screener memory-maps).
    public static func path(_ relativePath: String) throws(Failure) -> String {
        try directory.get().appendingPathComponent(relativePath).path
    }

    /// The bytes of a binary data file under `Data/` (such as the trained scorer's `model/scorer.bin`).
    public static func bytes(_ relativePath: String) throws(Failure) -> [UInt8] {
        let folder = try directory.get()
        let url = folder.appendingPathComponent(relativePath)
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// The text of a data file under `Data/` that is not a phrase list (such as `word-forms.tsv`).
    public static func file(_ relativePath: String) throws(Failure) -> String {
        let folder = try directory.get()
        let url = folder.appendingPathComponent(relativePath)
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Names of every list under `Data/` (sorted), for compiling them all.
    public static func allNames() throws(Failure) -> [String] {
        let folder = try directory.get()
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        var names: [String] = []
        let prefix = folder.standardizedFileURL.path + "/"
        for case let url as URL in walker where url.pathExtension == "txt" {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(prefix) else { continue }
            names.append(String(path.dropFirst(prefix.count).dropLast(4)))
        }
        return names.sorted()
    }
}
