import Foundation
import FuzzDriver
@testable import PostScreen

/// Parses arbitrary text as a roster CSV, then indexes the pupils it yields the way a screener does
/// (name keys through the same folding and tokenising as drafts). Building a whole `Screener` per
/// input would spend the fuzzer's time compiling lexicons.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRoster(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let loaded = try? RosterFile.parse(text, path: "fuzz.csv", kind: .pupils) else { return 0 }
    let index = RosterIndex(loaded.people)
    for i in 0..<min(index.entries.count, 20) {
        let entry = index.entry(i)
        _ = index.candidates(surnameStartingWith: entry.surnameKeys.first ?? "")
    }
    return 0
}

runFuzzer(fuzzRoster)
