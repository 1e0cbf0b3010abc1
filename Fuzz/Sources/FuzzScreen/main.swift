import Foundation
import FuzzDriver
import PostScreen

/// Screens arbitrary bytes with a profile that has a roster, school names and phones, so that every
/// rule runs. The first byte picks the account, so both paths are explored, and whether the bytes go
/// through `DraftBytes` first, as the `screen` command reads a file (UTF-16 conversion, binary check).
let screener: Screener = {
    let profile = SchoolProfile(
        name: "Harbourside Community School", aliases: ["HCS", "Harbourside"], trust: "Example Learning Trust",
        hashtags: ["#HarbourProud"], handles: ["@HarboursideCS"], domains: ["harbourside.sch.uk"],
        mottos: ["Learn Together"], phones: ["0117 496 0770"],
        roster: [
            Person(forename: "Benjamin", surname: "Smith", preferred: "Ben", year: "10"),
            Person(forename: "Zoë", surname: "O'Connor", year: "9"),
            Person(forename: "Sara", surname: "Hart-Smith", year: "8"),
            Person(forename: "Kai", surname: "Varty", year: "11"),
        ],
        staff: [Person(forename: "Alan", surname: "Jones", role: "Teacher")],
        noImages: [Person(forename: "Lucy", surname: "Brown")])
    return try! Screener(profile: profile)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScreen(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let account: Account = bytes[0] & 1 == 0 ? .personal : .official
    var draft = Array(bytes.dropFirst())
    if bytes[0] & 2 != 0 {
        guard let read = try? DraftBytes(draft) else { return 0 }
        draft = read.utf8
    }
    let report = screener.screen(bytes: draft, account: account)
    // Every span must lie inside the input and start no later than it ends.
    for f in report.findings {
        precondition(f.start >= 0 && f.start <= f.end && f.end <= draft.count, "span out of bounds: \(f.start)..<\(f.end)")
        precondition(f.line >= 1 && f.column >= 1)
    }
    _ = ReportEncoding.json(report)
    return 0
}

runFuzzer(fuzzScreen)
