import Foundation
import FuzzDriver
import PostScreen

/// Reads arbitrary bytes as a post-history export: the first byte picks the format (or detection
/// from the content), the rest is written to a file and read through `HistoryReader`, every record
/// decoded. Covers the archive readers (zip, tar, tar.gz), the JSON list splitters, JSONL and CSV.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-history-\(getpid())")
let input = folder.appendingPathComponent("input").path
let formats: [HistoryFormat?] = [nil, .twitter, .facebook, .instagram, .mastodon, .linkedin, .csv, .jsonl]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHistory(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let format = formats[Int(data[0]) % formats.count]
    try? FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
    guard FileManager.default.createFile(atPath: input, contents: Data(bytes: data + 1, count: size - 1)) else { return 0 }
    guard let reader = try? HistoryReader(path: input, format: format) else { return 0 }
    var records = 0
    try? reader.read { record in
        records += 1
        _ = record.decode()
    }
    return 0
}

runFuzzer(fuzzHistory)
