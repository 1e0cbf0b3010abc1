import Foundation
import FuzzDriver
@testable import PostScreen

/// Parses arbitrary text as `postscreen.toml`. Errors are fine (they must carry a file); crashes are not.
/// The [people] paths resolve inside an empty directory, so they exercise the missing-file path.
let base = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("postscreen-fuzz-empty")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProfile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let loaded = try ProfileLoader.parse(text, path: "fuzz.toml", baseDirectory: base)
        // The profile's names go through the same keys a screener compiles (building a whole
        // Screener per input would spend the fuzzer's time compiling lexicons).
        for name in [loaded.profile.name, loaded.profile.trust].compactMap({ $0 }) + loaded.profile.aliases
            + loaded.profile.hashtags + loaded.profile.handles + loaded.profile.mottos
        {
            _ = PhraseMatcher.keys(of: name)
        }
    } catch {
        precondition(!error.description.isEmpty)
    }
    return 0
}

runFuzzer(fuzzProfile)
